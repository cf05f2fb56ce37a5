package io.llmesr.prepare;

import io.llmesr.data.RawData;
import io.llmesr.text.PromptSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code prepare} as one call: hash the inputs, skip if the output is up to date, refuse early if an
 * existing dataset with derived data would be replaced without {@code force}, prepare, write atomically.
 */
public final class PrepareJob {
  private static final Logger LOG = LoggerFactory.getLogger(PrepareJob.class);

  private PrepareJob() { }

  /**
   * @param outcome  created, replaced, or up to date (nothing done)
   * @param dir      the dataset directory
   * @param manifest its manifest
   * @param warnings messages for the user (empty when up to date)
   */
  public record Result(DatasetIO.Outcome outcome, Path dir, DatasetManifest manifest, List<String> warnings) { }

  /** Prepares {@code raw} into {@code out}. */
  public static Result run(RawData raw, PrepareOptions opts, Path out, boolean force) throws IOException {
    out = out.toAbsolutePath().normalize();
    long t0 = System.nanoTime();
    List<InputFile> inputs = InputFile.ofAll(raw.files());
    long t1 = System.nanoTime();
    LOG.info("hashed {} input files in {} ms", inputs.size(), (t1 - t0) / 1_000_000);
    String domain = opts.resolveDomain(raw.domain());
    PromptSet prompts = opts.prompts(raw.domain());
    String fingerprint = Fingerprint.of(Fingerprint.components(raw.format(), inputs, opts, domain, prompts));
    if (!inputs.isEmpty() && DatasetIO.isUpToDate(out, fingerprint)) {
      return new Result(DatasetIO.Outcome.UP_TO_DATE, out, DatasetIO.readManifest(out), List.of());
    }
    DatasetManifest planned = new DatasetManifest(DatasetManifest.FORMAT, DatasetManifest.FORMAT_VERSION,
        opts.name(), fingerprint, null, null,
        new DatasetManifest.RecipeInfo(opts.recipe().name(), opts.recipe().version(), opts.recipe().params()),
        opts.split().params(), new DatasetManifest.SourceInfo(raw.format(), domain, opts.readerOptions(), inputs),
        new DatasetManifest.PromptInfo(prompts.domain(),
            new DatasetManifest.Template(prompts.item().name(), prompts.itemTemplateHash()),
            new DatasetManifest.Template(prompts.user().name(), prompts.userTemplateHash()), null, null,
            opts.itemTemplate(), opts.userTemplate()),
        null, null);
    DatasetIO.checkReplaceable(out, planned, force);
    PreparedDataset p = Preparer.prepare(raw, opts, inputs);
    long t2 = System.nanoTime();
    DatasetIO.Outcome outcome = DatasetIO.write(p, out, force);
    LOG.info("read and prepared in {} ms, wrote {} in {} ms", (t2 - t1) / 1_000_000, out.getFileName(),
        (System.nanoTime() - t2) / 1_000_000);
    return new Result(outcome, out, p.manifest(), p.warnings());
  }
}
