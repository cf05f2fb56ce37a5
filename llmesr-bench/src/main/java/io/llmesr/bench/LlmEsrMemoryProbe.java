package io.llmesr.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import io.llmesr.model.Backbone;
import io.llmesr.model.BatchArrays;
import io.llmesr.model.Forward;
import io.llmesr.model.LossTerms;
import io.llmesr.model.Masking;
import io.llmesr.model.ModelSpec;
import io.llmesr.model.ParameterStore;
import io.llmesr.model.TrainingBatch;
import io.llmesr.model.llmesr.LlmEsrModel;
import io.llmesr.model.llmesr.LlmEsrModelFactory;
import io.llmesr.model.llmesr.LlmEsrOptions;
import io.llmesr.model.llmesr.LlmEsrTables;
import io.llmesr.model.llmesr.LlmEsrTablesReader;
import io.llmesr.model.llmesr.TeacherMode;
import io.llmesr.prepare.Dataset;
import io.llmesr.prepare.DatasetIO;
import io.llmesr.train.Batcher;
import io.llmesr.train.TrainingRegime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.SplittableRandom;

/** Developer tool: resident memory around the phases of the heaviest LLM-ESR training step of an epoch. */
public final class LlmEsrMemoryProbe {
  private LlmEsrMemoryProbe() { }

  static long rssMiB() throws Exception {
    for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024;
    }
    return -1;
  }

  static void report(String what) throws Exception {
    Runtime rt = Runtime.getRuntime();
    System.out.printf("%-28s RSS %5d MiB (peak %5d), JVM heap used %4d / committed %4d MiB%n", what, rssMiB(),
        LlmEsrStepBench.peakRssMiB(), (rt.totalMemory() - rt.freeMemory()) >> 20, rt.totalMemory() >> 20);
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    report("start");
    Dataset ds = DatasetIO.read(dir);
    LlmEsrTables tables = LlmEsrTablesReader.read(dir, 64, true, true);
    report("dataset + tables read");
    ModelSpec spec = ModelSpec.paper(Backbone.SASREC, ds.numItems());
    TrainingRegime regime = TrainingRegime.forBackbone(Backbone.SASREC, ds, 200, 0.6f);
    SplittableRandom rng = new SplittableRandom(1);
    Batcher batcher = new Batcher(regime.examples(rng), 128, spec, false, rng);
    int worst = 0;
    int worstLen = 0;
    for (int i = 0; i < batcher.size(); i++) {
      TrainingBatch b = batcher.batch(i);
      int len = 0;
      for (int r = 0; r < b.input().size(); r++) len = Math.max(len, b.input().realLength(r));
      if (len > worstLen) {
        worstLen = len;
        worst = i;
      }
    }
    TrainingBatch batch = batcher.batch(worst);
    System.out.println("heaviest batch " + worst + ": longest input " + worstLen);
    try (NDManager root = NDManager.newBaseManager()) {
      ParameterStore store = new ParameterStore(root.newSubManager(), 1);
      LlmEsrModel model = LlmEsrModelFactory.build(spec, store, tables,
          new LlmEsrOptions(0.1, 10, TeacherMode.BATCH, 2, Set.of()), ds);
      report("model built");
      for (int rep = 0; rep < 2; rep++) {
        try (NDManager bm = store.manager().newSubManager(); NDScope s = new NDScope();
             GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          Forward fwd = new Forward(bm, true);
          if (rep == 0) {
            try (NDScope one = new NDScope()) {
              one.suppressNotUsedWarning();
              model.hiddenStates(new BatchArrays(batch.input(), bm), fwd).getFloat(0, 0, 0);
              report("rep 0 one forward (alone)");
            }
          }
          LossTerms l = model.lossAndBackward(batch, fwd, gc);
          l.total().getFloat();
          report("rep " + rep + " loss and backward");
        }
        report("rep " + rep + " scope closed");
      }
    }
  }
}
