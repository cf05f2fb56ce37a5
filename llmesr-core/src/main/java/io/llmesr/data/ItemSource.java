package io.llmesr.data;

import java.io.IOException;
import java.util.function.Consumer;

/** A streaming reader of item descriptions (the item table / meta file of a source). */
@FunctionalInterface
public interface ItemSource {
  /** Streams every item record in file order to {@code sink}. */
  void forEach(Consumer<ItemRecord> sink) throws IOException;

  /** A source with no item table (e.g. LLM-ESR's {@code inter.txt}). */
  static ItemSource none() {
    return sink -> { };
  }
}
