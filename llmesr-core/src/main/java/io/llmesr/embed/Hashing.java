package io.llmesr.embed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** SHA-256 helpers: file digests, text-list digests and cache keys. */
public final class Hashing {
  private Hashing() { }

  /** A fresh SHA-256 digest. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 not available", e);
    }
  }

  /** Lower-case hex of a digest. */
  public static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }

  /** SHA-256 of a file's bytes, hex. */
  public static String sha256(Path file) throws IOException {
    MessageDigest md = sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
    }
    return hex(md.digest());
  }

  /** SHA-256 of a byte array, hex. */
  public static String sha256(byte[] bytes) {
    return hex(sha256().digest(bytes));
  }

  /**
   * SHA-256 over a list of texts, each fed as its UTF-8 length (8 bytes big-endian) followed by its bytes,
   * so that {@code ["ab","c"]} and {@code ["a","bc"]} differ. {@code null} entries count as length -1.
   */
  public static String sha256Texts(List<String> texts) {
    MessageDigest md = sha256();
    for (String t : texts) {
      if (t == null) {
        md.update(longBytes(-1));
        continue;
      }
      byte[] b = t.getBytes(StandardCharsets.UTF_8);
      md.update(longBytes(b.length));
      md.update(b);
    }
    return hex(md.digest());
  }

  /** The identity of an encoder's vector space: SHA-256 of name, version and dimension, hex. */
  public static String encoderKey(String name, String version, int dim) {
    MessageDigest md = sha256();
    md.update(("llmesr-encoder\0" + name + "\0" + version + "\0" + dim).getBytes(StandardCharsets.UTF_8));
    return hex(md.digest());
  }

  /**
   * Cache key of one text: SHA-256 of (encoder name, version, dimension, text) in UTF-8, separated by NUL
   * bytes. Raw 32 bytes.
   */
  public static byte[] textKey(String encoderKey, String text) {
    MessageDigest md = sha256();
    md.update(encoderKey.getBytes(StandardCharsets.UTF_8));
    md.update((byte) 0);
    md.update(text.getBytes(StandardCharsets.UTF_8));
    return md.digest();
  }

  private static byte[] longBytes(long v) {
    byte[] b = new byte[8];
    for (int i = 7; i >= 0; i--) {
      b[i] = (byte) v;
      v >>>= 8;
    }
    return b;
  }
}
