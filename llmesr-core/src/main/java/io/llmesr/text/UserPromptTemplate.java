package io.llmesr.text;

import java.util.List;

/** Turns a user's training history into the text that is embedded for the user (docs/model.md §2.5). */
public interface UserPromptTemplate {
  /** Stable template name recorded in the dataset manifest. */
  String name();

  /** Everything that determines the output besides the history (hashed into the manifest). */
  String definition();

  /**
   * The prompt of a user whose training items, oldest first, are {@code history}. Callers pass the
   * training part only (docs/model.md §2.5: no validation/test leakage).
   */
  String prompt(List<ItemText> history);
}
