package io.llmesr.embed;

/**
 * Receives progress of a long step (the CLI shows a bar on a terminal, log lines otherwise). Called from
 * the thread running the step.
 */
public interface EmbedProgress {
  /** A phase of {@code total} units starts. */
  void start(String phase, long total);

  /** {@code n} more units are done. */
  void advance(long n);

  /** The phase is over. */
  void finish();

  /** Ignores everything. */
  EmbedProgress NONE = new EmbedProgress() {
    @Override
    public void start(String phase, long total) { }

    @Override
    public void advance(long n) { }

    @Override
    public void finish() { }
  };
}
