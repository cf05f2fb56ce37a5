package io.llmesr.text;

/** Turns one item's raw fields into the text that is embedded for it (docs/model.md §2.4). */
public interface ItemPromptTemplate {
  /** Stable template name recorded in the dataset manifest, e.g. {@code llmesr-paper/beauty}. */
  String name();

  /**
   * Everything that determines the template's output besides the item fields (name, version, template
   * string). Its SHA-256 goes into the manifest, so that a change of template invalidates embeddings.
   */
  String definition();

  /** The prompt of an item that has text ({@link ItemText#hasText()}). */
  String prompt(ItemText item);
}
