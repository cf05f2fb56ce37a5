package io.llmesr.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmesr.data.io.AtomicFiles;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named float32 tensors on disk: {@code NAME.bin} holds the tensors' values back to back, little-endian, row-major;
 * {@code NAME.json} lists them: {@code {"format":"llmesr-tensors/1","dtype":"float32","byte_order":"little",
 * "sha256":"...","tensors":[{"name":..,"shape":[..],"offset":<float index>,"count":..}, ...]}}.
 * Both files are written atomically; reading checks sizes, the SHA-256 and every shape. Never Java serialisation.
 */
public final class TensorFile {
  /** Format tag in the manifest. */
  public static final String FORMAT = "llmesr-tensors/1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private TensorFile() { }

  /** One tensor: its shape and values. */
  public record Tensor(long[] shape, float[] values) {
    public Tensor {
      long n = 1;
      for (long s : shape) n *= s;
      if (n != values.length) throw new IllegalArgumentException("shape/values mismatch: " + n + " vs " + values.length);
    }
  }

  /** Writes {@code dir/NAME.bin} and {@code dir/NAME.json}. */
  public static void write(Path dir, String name, Map<String, Tensor> tensors) throws IOException {
    MessageDigest sha = sha256();
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("format", FORMAT);
    manifest.put("dtype", "float32");
    manifest.put("byte_order", "little");
    ArrayNode list = manifest.putArray("tensors");
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      ObjectNode t = list.addObject();
      t.put("name", e.getKey());
      ArrayNode shape = t.putArray("shape");
      for (long s : e.getValue().shape()) shape.add(s);
      t.put("offset", offset);
      t.put("count", e.getValue().values().length);
      offset += e.getValue().values().length;
    }
    AtomicFiles.write(dir.resolve(name + ".bin"), out -> {
      ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
      for (Tensor t : tensors.values()) {
        for (float v : t.values()) {
          if (buf.remaining() < 4) {
            flush(buf, out, sha);
          }
          buf.putFloat(v);
        }
      }
      flush(buf, out, sha);
    });
    manifest.put("sha256", HexFormat.of().formatHex(sha.digest()));
    AtomicFiles.writeString(dir.resolve(name + ".json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(manifest));
  }

  private static void flush(ByteBuffer buf, java.io.OutputStream out, MessageDigest sha) throws IOException {
    buf.flip();
    byte[] b = new byte[buf.remaining()];
    buf.get(b);
    sha.update(b);
    out.write(b);
    buf.clear();
  }

  /** Reads every tensor of {@code dir/NAME.*}, in file order. */
  public static Map<String, Tensor> read(Path dir, String name) throws IOException {
    Path jsonPath = dir.resolve(name + ".json");
    Path binPath = dir.resolve(name + ".bin");
    JsonNode manifest;
    try {
      manifest = JSON.readTree(jsonPath.toFile());
    } catch (IOException e) {
      throw new IOException(jsonPath + ": cannot read tensor manifest: " + e.getMessage(), e);
    }
    if (!FORMAT.equals(manifest.path("format").asText())) {
      throw new IOException(jsonPath + ": field 'format' is '" + manifest.path("format").asText() + "', expected " + FORMAT);
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    long total = 0;
    for (JsonNode t : manifest.path("tensors")) total += t.path("count").asLong();
    long size = Files.size(binPath);
    if (size != total * 4) {
      throw new IOException(binPath + ": " + size + " bytes, manifest " + jsonPath.getFileName() + " needs " + total * 4);
    }
    MessageDigest sha = sha256();
    try (InputStream raw = Files.newInputStream(binPath);
         DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(new DigestInputStream(raw, sha), 1 << 16))) {
      int index = 0;
      long expectedOffset = 0;
      for (JsonNode t : manifest.path("tensors")) {
        String tn = t.path("name").asText();
        JsonNode shapeNode = t.path("shape");
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) shape[i] = shapeNode.get(i).asLong();
        long count = t.path("count").asLong();
        if (t.path("offset").asLong() != expectedOffset) {
          throw new IOException(jsonPath + ": tensor " + index + " ('" + tn + "') field 'offset' is "
              + t.path("offset").asLong() + ", expected " + expectedOffset);
        }
        byte[] bytes = new byte[Math.toIntExact(count * 4)];
        in.readFully(bytes);
        float[] values = new float[(int) count];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        try {
          out.put(tn, new Tensor(shape, values));
        } catch (IllegalArgumentException e) {
          throw new IOException(jsonPath + ": tensor '" + tn + "' field 'shape': " + e.getMessage(), e);
        }
        expectedOffset += count;
        index++;
      }
    }
    String want = manifest.path("sha256").asText();
    String got = HexFormat.of().formatHex(sha.digest());
    if (!want.equals(got)) {
      throw new IOException(binPath + ": SHA-256 " + got + " does not match manifest field 'sha256' " + want);
    }
    return out;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
