package io.llmesr.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmesr.data.io.AtomicFiles;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.TensorFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A checkpoint directory:
 * <pre>
 *   params.bin / params.json     persisted model parameters ({@link TensorFile}, little-endian float32)
 *   adam_m.*, adam_v.*           optimiser moments per trainable parameter (resume checkpoints only)
 *   state.json                   {@link TrainerState} + optimiser step + Adam settings
 *                                (+ {@code final_phase}: the method's final phase applied to these parameters)
 * </pre>
 * Written into a staging sibling and swapped in with {@link AtomicFiles#replaceDirectory}, so a crash never leaves a
 * half-written checkpoint. Never Java serialisation.
 */
public final class Checkpoint {
  public static final String PARAMS = "params";
  public static final String ADAM_M = "adam_m";
  public static final String ADAM_V = "adam_v";
  public static final String STATE = "state.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Checkpoint() { }

  /** Saves parameters, trainer state and (when {@code adam} is not null) the optimiser state. */
  public static void save(Path dir, ParameterStore store, Adam adam, TrainerState state) throws IOException {
    save(dir, store, adam, state, null);
  }

  /**
   * As {@link #save(Path, ParameterStore, Adam, TrainerState)}, recording that the method's final phase
   * {@code finalPhase} ({@link io.llmesr.model.FinalPhase#name()}) has been applied to the parameters (null: none).
   */
  public static void save(Path dir, ParameterStore store, Adam adam, TrainerState state, String finalPhase)
      throws IOException {
    Path staging = dir.resolveSibling(dir.getFileName() + ".staging");
    AtomicFiles.deleteRecursively(staging);
    Files.createDirectories(staging);
    TensorFile.write(staging, PARAMS, store.snapshot());
    ObjectNode s = JSON.createObjectNode();
    s.put("format", "llmesr-checkpoint/1");
    s.put("epochs_done", state.epochsDone());
    s.put("global_step", state.globalStep());
    if (Double.isInfinite(state.bestScore())) s.putNull("best_score"); else s.put("best_score", state.bestScore());
    s.put("best_epoch", state.bestEpoch());
    s.put("bad_epochs", state.badEpochs());
    s.put("stopped", state.stopped());
    s.put("seed", state.seed());
    s.put("rng", "derived from seed: sampling(seed, epoch), dropout(seed, epoch, step)");
    if (finalPhase != null) s.put("final_phase", finalPhase);
    if (adam != null) {
      Adam.State a = adam.snapshot();
      TensorFile.write(staging, ADAM_M, a.firstMoments());
      TensorFile.write(staging, ADAM_V, a.secondMoments());
      ObjectNode o = s.putObject("optimizer");
      o.put("name", "adam");
      o.put("step", a.step());
      o.put("lr", adam.settings().lr());
      o.put("beta1", adam.settings().beta1());
      o.put("beta2", adam.settings().beta2());
      o.put("eps", adam.settings().eps());
    }
    AtomicFiles.writeString(staging.resolve(STATE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(s) + "\n");
    AtomicFiles.replaceDirectory(staging, dir);
  }

  /** Whether {@code dir} holds a complete checkpoint. */
  public static boolean exists(Path dir) {
    return Files.isRegularFile(dir.resolve(STATE)) && Files.isRegularFile(dir.resolve(PARAMS + ".json"));
  }

  /** The saved parameters. */
  public static Map<String, TensorFile.Tensor> readParams(Path dir) throws IOException {
    return TensorFile.read(dir, PARAMS);
  }

  /** The saved trainer state; errors name the file and field. */
  public static TrainerState readState(Path dir) throws IOException {
    Path f = dir.resolve(STATE);
    JsonNode s = JSON.readTree(f.toFile());
    if (!"llmesr-checkpoint/1".equals(s.path("format").asText())) {
      throw new IOException(f + ": field 'format' is '" + s.path("format").asText() + "', expected llmesr-checkpoint/1");
    }
    for (String field : new String[] {"epochs_done", "global_step", "best_epoch", "bad_epochs", "stopped", "seed"}) {
      if (!s.has(field)) throw new IOException(f + ": field '" + field + "' is missing");
    }
    double best = s.path("best_score").isNull() ? Double.NEGATIVE_INFINITY : s.path("best_score").asDouble();
    return new TrainerState(s.path("epochs_done").asInt(), s.path("global_step").asLong(), best,
        s.path("best_epoch").asInt(), s.path("bad_epochs").asInt(), s.path("stopped").asBoolean(), s.path("seed").asLong());
  }

  /** The final phase recorded as applied to the checkpoint's parameters, if any. */
  public static java.util.Optional<String> readFinalPhase(Path dir) throws IOException {
    JsonNode s = JSON.readTree(dir.resolve(STATE).toFile());
    return s.hasNonNull("final_phase") ? java.util.Optional.of(s.get("final_phase").asText()) : java.util.Optional.empty();
  }

  /** The saved optimiser state. */
  public static Adam.State readAdam(Path dir) throws IOException {
    Path f = dir.resolve(STATE);
    JsonNode s = JSON.readTree(f.toFile());
    if (!s.has("optimizer")) throw new IOException(f + ": field 'optimizer' is missing (not a resume checkpoint)");
    return new Adam.State(s.path("optimizer").path("step").asLong(), TensorFile.read(dir, ADAM_M),
        TensorFile.read(dir, ADAM_V));
  }
}
