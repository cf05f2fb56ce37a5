package io.llmesr.testing;

import ai.djl.engine.Engine;

/**
 * Test helper: one intra-op thread for the tiny tensors of unit tests. With 2 OpenMP threads on a shared, loaded
 * machine a 10 ms step can take a second (threads spin-wait for a preempted partner); one thread is faster and
 * steadier here. Does not change results (each op's arithmetic does not depend on the thread count for these ops).
 */
public final class TestEngine {
  private TestEngine() { }

  public static void singleThread() {
    Engine.getEngine("PyTorch");
    ai.djl.pytorch.jni.JniUtils.setNumThreads(1);
  }
}
