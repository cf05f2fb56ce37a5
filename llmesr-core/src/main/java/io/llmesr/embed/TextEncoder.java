package io.llmesr.embed;

import java.util.List;

/**
 * Turns texts into fixed-length vectors (docs/model.md §2.4–2.5: one vector per item prompt and per user prompt).
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #encode(List)} returns one vector of length {@link #dimension()} per input text, in input
 *       order. The result for a text must depend on that text only (not on its batch companions) so that
 *       the embedding cache may reuse it; implementations document how far this holds.</li>
 *   <li>{@link #name()}, {@link #version()} and {@link #dimension()} identify the vector space: the cache
 *       key is SHA-256 of (name, version, dimension, text). A new model file or a different truncation
 *       rule must change {@link #version()}.</li>
 *   <li>Empty or blank texts are rejected with an {@link IllegalArgumentException} naming the position.</li>
 *   <li>Implementations are thread-safe and may parallelise internally; callers send one batch at a time.</li>
 * </ul>
 */
public interface TextEncoder extends AutoCloseable {

  /** Model name, e.g. {@code all-MiniLM-L6-v2} or {@code openai:text-embedding-3-small}. */
  String name();

  /** Everything else that changes the vectors: artefact, model file hash, truncation rule, endpoint. */
  String version();

  /** Length of every vector. May contact the model (an HTTP encoder probes the server once). */
  int dimension();

  /**
   * Maximum input length in word pieces, including special tokens; longer texts are truncated as
   * documented by the implementation. {@code 0} when the limit is unknown (enforced by a remote server).
   */
  int maxTokens();

  /** Whether returned vectors are L2-normalised by the model itself. */
  boolean normalised();

  /** Encodes {@code texts}; see the class contract. */
  default float[][] encode(List<String> texts) {
    return encodeDetailed(texts).vectors();
  }

  /** Like {@link #encode(List)}, and also says which texts were truncated to {@link #maxTokens()}. */
  EncodedTexts encodeDetailed(List<String> texts);

  /** Releases models, sessions and HTTP clients. */
  @Override
  default void close() { }

  /**
   * Rejects null, empty and blank texts.
   *
   * @throws IllegalArgumentException naming the 0-based position in the batch
   */
  static void requireNonBlank(List<String> texts) {
    for (int i = 0; i < texts.size(); i++) {
      String t = texts.get(i);
      if (t == null || t.isBlank()) {
        throw new IllegalArgumentException("text " + i + " of the batch is " + (t == null ? "null" : "empty or blank")
            + "; every item and user needs a non-empty prompt");
      }
    }
  }
}
