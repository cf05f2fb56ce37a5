package io.llmesr.prepare;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.llmesr.text.PromptSet;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The identity of a preparation: SHA-256 of the canonical JSON of everything that determines a dataset's
 * content. Two preparations with equal fingerprints produce the same dataset, so {@code prepare} skips
 * the second ("up to date").
 */
final class Fingerprint {
  private Fingerprint() { }

  /** The canonical map that is hashed; also used to explain what changed. */
  static Map<String, Object> components(String sourceFormat, List<InputFile> inputs, PrepareOptions opts,
                                        String domain, PromptSet prompts) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("formatVersion", DatasetManifest.FORMAT_VERSION);
    m.put("recipe", Map.of("name", opts.recipe().name(), "version", opts.recipe().version(),
        "params", nullsToStrings(opts.recipe().params())));
    m.put("split", opts.split().params());
    m.put("sourceFormat", sourceFormat);
    m.put("readerOptions", nullsToStrings(opts.readerOptions()));
    m.put("domain", domain);
    m.put("itemTemplate", prompts.itemTemplateHash());
    m.put("userTemplate", prompts.userTemplateHash());
    if (opts.holdOutNewItems() > 0) m.put("holdOutNewItems", opts.holdOutNewItems());
    List<String> hashes = new ArrayList<>();
    for (InputFile f : inputs) hashes.add(f.sha256());
    m.put("inputs", hashes);
    return m;
  }

  static String of(Map<String, Object> components) {
    try {
      byte[] json = Json.CANONICAL.writeValueAsBytes(components);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> nullsToStrings(Map<String, Object> in) {
    Map<String, Object> out = new LinkedHashMap<>();
    in.forEach((k, v) -> out.put(k, v == null ? "null" : v));
    return out;
  }
}
