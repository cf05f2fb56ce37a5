package io.llmesr.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.llmesr.embed.SimilarUsers;
import java.util.Random;

/** Quick probe: Java similar-users kernel vs a PyTorch sgemm of the same size (GFLOP/s), interleaved. */
public final class MatmulProbe {
  public static void main(String[] args) {
    int u = Integer.parseInt(args[0]);
    int d = 384;
    Random r = new Random(1);
    float[] x = new float[u * d];
    for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
    double flop = 2.0 * u * (double) u * d;
    Engine e = Engine.getEngine("PyTorch");
    for (int rep = 0; rep < 3; rep++) {
      long t0 = System.nanoTime();
      SimilarUsers.compute(x, u, d, 100, 2);
      double tj = (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      try (NDManager m = e.newBaseManager()) {
        NDArray a = m.create(x, new Shape(u, d));
        NDArray at = a.transpose();
        for (int s = 0; s < u; s += 256) {
          try (NDManager sub = m.newSubManager()) {
            NDArray q = a.get(s + ":" + Math.min(u, s + 256));
            q.attach(sub);
            NDArray sc = q.matMul(at);
            sc.attach(sub);
            float[] f = sc.toFloatArray();
            if (f.length == 0) throw new IllegalStateException();
          }
        }
      }
      double tt = (System.nanoTime() - t0) / 1e9;
      System.out.printf("U=%d java kernel+topK %.2f s (%.2f GF/s)  torch matmul+copy %.2f s (%.2f GF/s)%n", u, tj, flop / tj / 1e9, tt, flop / tt / 1e9);
    }
  }
}
