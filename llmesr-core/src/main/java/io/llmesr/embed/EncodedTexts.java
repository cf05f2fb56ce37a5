package io.llmesr.embed;

/**
 * The output of {@link TextEncoder#encodeDetailed}: one vector per text and, per text, whether it was cut
 * to the encoder's token limit.
 *
 * @param vectors   {@code vectors[i]} is the embedding of text {@code i}
 * @param truncated {@code truncated[i]} is true when text {@code i} exceeded {@link TextEncoder#maxTokens()}
 *                  and only its first tokens were embedded (always false when the limit is unknown)
 */
record EncodedTexts(float[][] vectors, boolean[] truncated) {
  public EncodedTexts {
    if (vectors.length != truncated.length) {
      throw new IllegalArgumentException(vectors.length + " vectors but " + truncated.length + " truncation flags");
    }
  }

  /** Number of truncated texts. */
  public int truncatedCount() {
    int n = 0;
    for (boolean t : truncated) if (t) n++;
    return n;
  }
}
