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
 * raw-file order used for stable tie-breaking and for "first appearance" ordering (spec §2.1).
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

  /** Streams {@code source} once, applying {@code filter}, logging progress for long reads. */
  static InteractionTable load(InteractionSource source, IngestFilter filter) throws IOException {
    InteractionTable t = new InteractionTable();
    ProgressLog progress = new ProgressLog(LOG, "interactions", 5000);
    source.forEach(x -> {
      progress.tick();
      t.offer(x, filter);
    });
    if (progress.count() >= 1_000_000) progress.done();
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
