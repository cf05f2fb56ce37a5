package io.llmesr.embed;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic test encoder: the vector of a text is drawn from a Random seeded by the text's hash, so
 * it depends on the text only. Counts texts and batches, can fail after a number of batches, and can be
 * told to return a broken vector for texts containing a marker.
 */
final class FakeEncoder implements TextEncoder {
  final int dim;
  final AtomicInteger texts = new AtomicInteger();
  final AtomicInteger batches = new AtomicInteger();
  int failAfterBatches = -1;
  String nanMarker;
  String zeroMarker;
  int wrongDim = -1;
  String version = "v1";

  FakeEncoder(int dim) {
    this.dim = dim;
  }

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public int dimension() {
    return dim;
  }

  @Override
  public int maxTokens() {
    return 12;
  }

  @Override
  public boolean normalised() {
    return false;
  }

  static float[] vector(String text, int dim) {
    long seed = 0;
    for (byte b : Hashing.sha256(text.getBytes(StandardCharsets.UTF_8)).substring(0, 15).getBytes(StandardCharsets.US_ASCII)) {
      seed = seed * 31 + b;
    }
    Random r = new Random(seed);
    float[] v = new float[dim];
    for (int k = 0; k < dim; k++) v[k] = (float) r.nextGaussian();
    return v;
  }

  @Override
  public EncodedTexts encodeDetailed(List<String> in) {
    TextEncoder.requireNonBlank(in);
    if (failAfterBatches >= 0 && batches.get() >= failAfterBatches) {
      throw new EncoderException("simulated crash after " + batches.get() + " batches");
    }
    batches.incrementAndGet();
    float[][] out = new float[in.size()][];
    boolean[] trunc = new boolean[in.size()];
    for (int i = 0; i < in.size(); i++) {
      String t = in.get(i);
      out[i] = vector(t, wrongDim > 0 ? wrongDim : dim);
      if (nanMarker != null && t.contains(nanMarker)) out[i][1] = Float.NaN;
      if (zeroMarker != null && t.contains(zeroMarker)) out[i] = new float[dim];
      trunc[i] = t.split(" ").length > maxTokens();
    }
    texts.addAndGet(in.size());
    return new EncodedTexts(out, trunc);
  }
}
