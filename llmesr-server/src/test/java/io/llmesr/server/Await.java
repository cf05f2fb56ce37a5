package io.llmesr.server;

import java.util.function.BooleanSupplier;

/**
 * Waits for a condition that no latch can signal (a count inside the server under test), checking it every
 * millisecond, and fails after a deadline.
 */
final class Await {
  private Await() { }

  static void until(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what);
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
