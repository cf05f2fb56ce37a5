package io.llmesr.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmesr.data.io.AtomicFiles;
import io.llmesr.model.Backbone;
import io.llmesr.model.Masking;
import io.llmesr.model.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code RUN_DIR/model-spec.json}: the exact {@link ModelSpec} a run trained (including the item count), so a run
 * directory can be loaded for scoring without reading the dataset.
 */
public final class ModelSpecFile {
  public static final String NAME = "model-spec.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ModelSpecFile() { }

  public static void write(Path runDir, ModelSpec s) throws IOException {
    ObjectNode o = JSON.createObjectNode();
    o.put("backbone", s.backbone().id());
    o.put("num_items", s.numItems());
    o.put("hidden_size", s.hiddenSize());
    o.put("max_len", s.maxLen());
    o.put("blocks", s.numBlocks());
    o.put("heads", s.numHeads());
    o.put("dropout", s.dropout());
    o.put("masking", s.masking().id());
    o.put("dynamic_length", s.dynamicLength());
    AtomicFiles.writeString(runDir.resolve(NAME), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n");
  }

  public static ModelSpec read(Path runDir) throws IOException {
    Path f = runDir.resolve(NAME);
    if (!Files.isRegularFile(f)) throw new IOException(f + " is missing (was the run started with 'llmesr train'?)");
    JsonNode o = JSON.readTree(f.toFile());
    try {
      return new ModelSpec(Backbone.parse(req(o, "backbone", f).asText()), req(o, "num_items", f).asInt(),
          req(o, "hidden_size", f).asInt(), req(o, "max_len", f).asInt(), req(o, "blocks", f).asInt(),
          req(o, "heads", f).asInt(), (float) req(o, "dropout", f).asDouble(),
          Masking.parse(req(o, "masking", f).asText()), req(o, "dynamic_length", f).asBoolean());
    } catch (IllegalArgumentException e) {
      throw new IOException(f + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode req(JsonNode o, String field, Path f) throws IOException {
    if (!o.has(field)) throw new IOException(f + ": field '" + field + "' is missing");
    return o.get(field);
  }
}
