package io.llmesr.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a reader saw on its last pass over each part of a source: lines read, records produced, blank lines,
 * lines skipped (lenient mode only) by reason, and item records without any text field.
 *
 * <p>Each {@code forEach} over {@link RawData#interactions()} or {@link RawData#items()} resets its
 * {@link Pass} first, so after a pass the counts describe exactly that pass. In strict mode (the default)
 * nothing is ever skipped: a malformed line is a {@link DataFormatException}.
 */
public final class ReadStats {
  private static final int MAX_EXAMPLES = 5;

  private final Pass interactions = new Pass("interactions");
  private final Pass items = new Pass("items");

  /** Counts of the last pass over the interaction file(s). */
  public Pass interactions() {
    return interactions;
  }

  /** Counts of the last pass over the item table(s). */
  public Pass items() {
    return items;
  }

  /** Lines skipped over both parts in their last passes. */
  public long skippedTotal() {
    return interactions.skippedTotal() + items.skippedTotal();
  }

  @Override
  public String toString() {
    return interactions.summary() + "; " + items.summary();
  }

  /** Counters of one pass over one part (interactions or items). Thread-safe. */
  public static final class Pass {
    private final String name;
    private final AtomicLong lines = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong blankLines = new AtomicLong();
    private final AtomicLong withoutText = new AtomicLong();
    private final Map<String, LongAdder> skipped = new ConcurrentHashMap<>();
    private final List<String> examples = Collections.synchronizedList(new ArrayList<>());

    Pass(String name) {
      this.name = name;
    }

    /** "interactions" or "items". */
    public String name() { return name; }

    /** Physical lines read (including header, blank and skipped lines). */
    public long lines() { return lines.get(); }

    /** Records produced (interactions or item records handed to the sink). */
    public long records() { return records.get(); }

    /** Blank lines ignored. */
    public long blankLines() { return blankLines.get(); }

    /** Item records that carried no descriptive field at all (still produced; the recipe decides). */
    public long itemsWithoutText() { return withoutText.get(); }

    /** Lines skipped in lenient mode, by reason. */
    public Map<String, Long> skipped() {
      Map<String, Long> out = new TreeMap<>();
      skipped.forEach((k, v) -> out.put(k, v.sum()));
      return out;
    }

    /** Total lines skipped in lenient mode. */
    public long skippedTotal() {
      long total = 0;
      for (LongAdder a : skipped.values()) total += a.sum();
      return total;
    }

    /** The first few skip messages (file:line: field: problem), for logs and error reports. */
    public List<String> examples() {
      synchronized (examples) {
        return List.copyOf(examples);
      }
    }

    /** One line: {@code interactions: 1000 lines, 998 records, 2 skipped {bad json=2}}. */
    public String summary() {
      StringBuilder sb = new StringBuilder(name).append(": ")
          .append(lines()).append(" lines, ").append(records()).append(" records");
      if (blankLines() > 0) sb.append(", ").append(blankLines()).append(" blank");
      if (skippedTotal() > 0) sb.append(", ").append(skippedTotal()).append(" skipped ").append(skipped());
      if (itemsWithoutText() > 0) sb.append(", ").append(itemsWithoutText()).append(" without text");
      return sb.toString();
    }

    void reset() {
      lines.set(0);
      records.set(0);
      blankLines.set(0);
      withoutText.set(0);
      skipped.clear();
      examples.clear();
    }

    void line() { lines.incrementAndGet(); }

    void lines(long n) { lines.addAndGet(n); }

    void record() { records.incrementAndGet(); }

    void blank() { blankLines.incrementAndGet(); }

    void withoutText() { withoutText.incrementAndGet(); }

    void skip(String reason, String message) {
      skipped.computeIfAbsent(reason, k -> new LongAdder()).increment();
      synchronized (examples) {
        if (examples.size() < MAX_EXAMPLES) examples.add(message);
      }
    }
  }
}
