package io.llmesr.bench;

import io.llmesr.data.RawData;
import io.llmesr.data.ReaderOptions;
import io.llmesr.data.SourceFormats;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads a source through {@link SourceFormats#open} (interactions, then items) and prints counts, wall time,
 * rate and the JVM's peak heap use, to show that reading is streaming and bounded in memory. Keeps nothing
 * per record (only counters and a checksum), so the figures are the reader's own.
 *
 * <p>Run: {@code java -Xmx256m -cp 'llmesr-bench/target/llmesr-bench.jar:llmesr-bench/target/lib/*'
 * io.llmesr.bench.ReaderBench amazon2018 DIR [--lenient]} (under {@code /usr/bin/time -v} for peak RSS).
 */
public final class ReaderBench {
  private ReaderBench() { }

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: ReaderBench FORMAT INPUT [--lenient]");
      System.exit(2);
    }
    ReaderOptions options = ReaderOptions.defaults();
    for (int i = 2; i < args.length; i++) {
      if (args[i].equals("--lenient")) options = options.withLenient(true);
    }
    RawData raw = SourceFormats.open(args[0], Path.of(args[1]), options);
    long t0 = System.nanoTime();
    long[] inter = {0, 0};
    raw.interactions().forEach(i -> {
      inter[0]++;
      inter[1] += i.timestamp() ^ i.user().hashCode() ^ i.item().hashCode();
    });
    long t1 = System.nanoTime();
    long[] items = {0, 0};
    raw.items().forEach(r -> {
      items[0]++;
      items[1] += r.fields().size();
    });
    long t2 = System.nanoTime();
    long peakHeap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) peakHeap += pool.getPeakUsage().getUsed();
    }
    long gcs = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) gcs += Math.max(0, gc.getCollectionCount());
    double si = (t1 - t0) / 1e9;
    double sm = (t2 - t1) / 1e9;
    System.out.printf(Locale.ROOT, "interactions=%d in %.2f s (%.0f lines/s), checksum=%d%n", inter[0], si, inter[0] / si, inter[1]);
    System.out.printf(Locale.ROOT, "items=%d (%d fields, %d without text) in %.2f s (%.0f lines/s)%n", items[0], items[1],
        raw.stats().items().itemsWithoutText(), sm, items[0] / sm);
    System.out.printf(Locale.ROOT, "max heap=%d MiB, peak heap used (sum of pool peaks)=%d MiB, GCs=%d%n",
        Runtime.getRuntime().maxMemory() >> 20, peakHeap >> 20, gcs);
    System.out.println(raw.stats());
  }
}
