package io.llmesr.data;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * A streaming reader of raw interactions. Implementations read their files once per call, line by line
 * (gzip transparently), so memory does not grow with file size; they report malformed lines with a
 * {@link DataFormatException} that names file, line and field, or skip them and count a warning where the
 * format documents skipping.
 */
@FunctionalInterface
public interface InteractionSource {
  /** Streams every interaction in file order to {@code sink}. */
  void forEach(Consumer<Interaction> sink) throws IOException;
}
