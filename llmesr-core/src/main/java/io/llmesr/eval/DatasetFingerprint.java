package io.llmesr.eval;

import io.llmesr.prepare.Dataset;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A content hash of what evaluation depends on: the number of users and items, every user's item sequence and
 * split boundaries. Saved candidate sets record it, and are regenerated when it changes.
 *
 * <p>Formula: SHA-256 over the little-endian int32 stream {@code U, N, then per user: length, trainEnd,
 * validEnd, items...}, preceded by the ASCII tag {@code llmesr-eval-dataset/1}; written {@code sha256:<hex>}.
 * It is computed from the in-memory {@link Dataset} (not from the manifest file), so it also works for datasets
 * built in code, and it ignores names and prompts, which do not change candidates.
 */
public final class DatasetFingerprint {
  private DatasetFingerprint() {}

  /** The fingerprint of {@code ds}, as {@code sha256:<64 hex digits>}. */
  public static String of(Dataset ds) {
    MessageDigest md = sha256();
    md.update("llmesr-eval-dataset/1".getBytes(StandardCharsets.US_ASCII));
    ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    buf.putInt(ds.numUsers()).putInt(ds.numItems());
    int[][] seqs = ds.sequences();
    for (int u = 0; u < seqs.length; u++) {
      putInt(md, buf, seqs[u].length);
      putInt(md, buf, ds.trainEnd()[u]);
      putInt(md, buf, ds.validEnd()[u]);
      for (int item : seqs[u]) putInt(md, buf, item);
    }
    buf.flip();
    md.update(buf);
    return "sha256:" + HexFormat.of().formatHex(md.digest());
  }

  private static void putInt(MessageDigest md, ByteBuffer buf, int v) {
    if (buf.remaining() < 4) {
      buf.flip();
      md.update(buf);
      buf.clear();
    }
    buf.putInt(v);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
