package io.llmesr.prepare;

import io.llmesr.data.Interaction;
import io.llmesr.data.InteractionSource;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accepted raw interactions in file order, column by column: user code, item code and timestamp
 * (16 bytes per interaction, no objects), plus one interned copy of every distinct raw user and item id.
 * Row {@code r} is the {@code r}-th interaction that passed the {@link IngestFilter}; the row number is the
 * raw-file order used for stable tie-breaking and for "first appearance" ordering (docs/model.md §2.1).
 */
final class InteractionTable {
  private static final Logger LOG = LoggerFactory.getLogger(InteractionTable.class);

  final RawIdInterner users = new RawIdInterner();
  final RawIdInterner items = new RawIdInterner();
  private final GrowableInts userCol = new GrowableInts(1 << 16);
  private final GrowableInts itemCol = new GrowableInts(1 << 16);
  private final GrowableLongs timeCol = new GrowableLongs(1 << 16);
  long read;
  long droppedByRating;
  long droppedByDate;

  /**
   * Streams {@code source} once, applying {@code filter}. Progress lines during long reads come from the
   * readers (lines/s, % of file, ETA); a summary with the rate is logged here for reads of 100,000+.
   */
  static InteractionTable load(InteractionSource source, IngestFilter filter) throws IOException {
    InteractionTable t = new InteractionTable();
    long start = System.nanoTime();
    source.forEach(x -> t.offer(x, filter));
    if (t.read >= 100_000) {
      double secs = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
      LOG.info(String.format(java.util.Locale.ROOT, "read %,d interactions in %.1f s (%,.0f/s); kept %,d after the ingest filter",
          t.read, secs, t.read / secs, t.rows()));
    }
    return t;
  }

  void offer(Interaction x, IngestFilter filter) {
    read++;
    String why = filter.reject(x);
    if (why != null) {
      if (why.equals("rating")) droppedByRating++;
      else droppedByDate++;
      return;
    }
    userCol.add(users.intern(x.user()));
    itemCol.add(items.intern(x.item()));
    timeCol.add(x.timestamp());
  }

  int rows() {
    return userCol.size();
  }

  int user(int row) {
    return userCol.get(row);
  }

  int item(int row) {
    return itemCol.get(row);
  }

  long time(int row) {
    return timeCol.get(row);
  }
}
