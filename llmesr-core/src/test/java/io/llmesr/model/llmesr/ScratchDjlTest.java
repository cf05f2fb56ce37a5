package io.llmesr.model.llmesr;

import ai.djl.ndarray.*;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.*;
import ai.djl.training.GradientCollector;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

class ScratchDjlTest {
  @Test
  void gather() {
    try (NDManager model = NDManager.newBaseManager()) {
      NDArray table = model.arange(24f).reshape(6, 4);
      NDArray w = model.randomNormal(new Shape(4, 2));
      w.setRequiresGradient(true);
      int before = model.getManagedArrays().size();
      for (int step = 0; step < 3; step++) {
        try (NDManager batch = model.newSubManager()) {
          NDArray ids = batch.create(new long[] {0, 2, 5, 2}, new Shape(2, 2));
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray rows = table.get(batch, new NDIndex("{}", ids.flatten()));
            System.out.println("rows mgr is batch: " + (rows.getManager() == batch) + " " + rows.getShape());
            NDArray g2 = table.gather(ids.flatten().expandDims(1).repeat(1, 4), 0);
            System.out.println("gather mgr is batch: " + (g2.getManager() == batch));
            NDArray y = rows.matMul(w);
            System.out.println("y mgr is batch: " + (y.getManager() == batch));
            gc.backward(y.sum());
          }
          System.out.println("grad " + w.getGradient());
          w.getGradient().subi(w.getGradient());
        }
        System.out.println("model arrays: " + model.getManagedArrays().size() + " (before " + before + ")");
      }
      System.out.println("table grad? " + table.hasGradient());
    }
  }
}
