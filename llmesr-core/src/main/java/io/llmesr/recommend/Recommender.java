package io.llmesr.recommend;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A trained model that recommends in raw item ids: what {@code llmesr recommend} and the HTTP server use. It speaks
 * only raw ids and display texts, never internal indices, and needs no dataset or run directory
 * ({@link BundleRecommender} loads one from a model bundle, see {@code docs/serving.md}).
 *
 * <p>Implementations are safe for concurrent use: {@link #recommend}, {@link #similar}, {@link #item} and
 * {@link #search} may run while {@link #addItem} adds an item; a request sees the catalogue either with or without
 * the new item, never half of it.
 */
public interface Recommender extends AutoCloseable {
  /** What the model is. */
  Info info();

  /** The longest history the model reads; longer ones keep their most recent items. */
  int maxHistory();

  /** The item with raw id {@code id}, if the catalogue has it. */
  Optional<Item> item(String id);

  /**
   * Items whose display text contains every word of {@code query} (case-insensitive), most popular first.
   *
   * @param limit at most this many
   */
  List<Item> search(String query, int limit);

  /**
   * Top-k of each request, all scored in one pass through the model (micro-batching).
   *
   * @throws RequestException for a request that cannot be answered (bad k, no known history item), naming the field;
   *                          the index of the request is in the message
   */
  List<Recommendation> recommend(List<Request> requests);

  /** Top-k of one request. */
  default Recommendation recommend(Request request) {
    return recommend(List.of(request)).get(0);
  }

  /**
   * The {@code k} items nearest to item {@code id} in the model's item space (cosine of the item vectors the model
   * scores with), the item itself excluded.
   *
   * @throws RequestException when the id is unknown or k is out of range
   */
  List<ScoredItem> similar(String id, int k);

  /**
   * Adds a new item by its text (cold start): recommendable from the next request on, and kept across restarts.
   *
   * @throws RequestException       bad id or text (field named)
   * @throws ItemExistsException    when the id is already in the catalogue
   * @throws UnsupportedOperationException when the model cannot take new items (the bundle has no text encoder)
   */
  Item addItem(NewItem item) throws IOException;

  @Override
  void close();

  /**
   * One recommendation request.
   *
   * @param history        the user's items, oldest first, raw ids
   * @param k              how many items to return (1..catalogue size)
   * @param exclude        raw ids never to return
   * @param excludeHistory whether the history's items are excluded too (the default)
   */
  record Request(List<String> history, int k, List<String> exclude, boolean excludeHistory) {
    public Request {
      history = history == null ? List.of() : List.copyOf(history);
      exclude = exclude == null ? List.of() : List.copyOf(exclude);
    }

    /** Top-k after {@code history}, history excluded. */
    public static Request of(List<String> history, int k) {
      return new Request(history, k, List.of(), true);
    }
  }

  /**
   * The answer to a {@link Request}.
   *
   * @param items       best first
   * @param unknownIds  history ids the catalogue does not have (left out of the input)
   * @param historyUsed how many history items the model read
   * @param truncated   whether the history was longer than {@link #maxHistory()} and its oldest items were dropped
   */
  record Recommendation(List<ScoredItem> items, List<String> unknownIds, int historyUsed, boolean truncated) { }

  /**
   * An item with its score.
   *
   * @param id    raw id
   * @param score the model's score (higher is better; comparable within one answer only)
   * @param title display text
   * @param tail  whether the item is a tail item (popularity below the bundle's threshold; added items are tail)
   * @param added whether it was added after training ({@link #addItem})
   */
  record ScoredItem(String id, float score, String title, boolean tail, boolean added) { }

  /**
   * A catalogue item.
   *
   * @param id         raw id
   * @param title      display text
   * @param popularity distinct training users who interacted with it (0 for added items)
   * @param tail       popularity below the bundle's tail-item threshold
   * @param added      added after training
   */
  record Item(String id, String title, int popularity, boolean tail, boolean added) { }

  /**
   * A new item: its raw id and either a text or named fields (as an item file's columns), from which the bundle's
   * item prompt template builds its prompt.
   */
  record NewItem(String id, String text, java.util.Map<String, String> fields) { }

  /**
   * What a model is.
   *
   * @param method       plain, llmesr, ...
   * @param backbone     sasrec, bert4rec, gru4rec
   * @param items        catalogue size, added items included
   * @param addedItems   items added after training
   * @param encoder      the text encoder new items are embedded with, or {@code null} when none
   * @param bundle       the bundle's name
   * @param bundleSha256 SHA-256 of the bundle's manifest (changes with any file)
   */
  record Info(String method, String backbone, int items, int addedItems, String encoder, String bundle,
              String bundleSha256) { }

  /** A request that cannot be answered as given; {@link #field()} names the offending field. */
  class RequestException extends IllegalArgumentException {
    private final String field;

    public RequestException(String field, String message) {
      super(message);
      this.field = field;
    }

    /** The request field at fault ({@code history}, {@code k}, {@code id}, {@code text}, ...). */
    public String field() {
      return field;
    }
  }

  /** {@link #addItem} with an id that is already in the catalogue. */
  class ItemExistsException extends RequestException {
    public ItemExistsException(String id) {
      super("id", "item '" + id + "' already exists");
    }
  }
}
