package io.llmesr.server;

import io.llmesr.recommend.Recommender;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A deterministic in-memory {@link Recommender} for the server's tests. Items have titles; a candidate's score is
 * the number of title words it shares with the history's items plus popularity / 1000 (so the popular one wins a
 * tie), ties by id. Tail items: popularity below 10. It reads at most {@link #MAX_HISTORY} history items, adds
 * items for real, counts its {@code recommend} calls and their batch sizes, can hold every {@code recommend} call
 * at a gate, and fails loudly when used after {@link #close()}.
 */
final class FakeRecommender implements Recommender {
  static final int MAX_HISTORY = 5;
  static final int TAIL_BELOW = 10;

  /** The catalogue: id, title, popularity. */
  static final Object[][] CATALOGUE = {
      {"B001", "Red Matte Lipstick", 120},
      {"B002", "Nude Matte Lipstick", 80},
      {"B003", "Glossy Pink Lipstick", 40},
      {"B004", "Volume Black Mascara", 150},
      {"B005", "Waterproof Black Mascara", 60},
      {"B006", "Brown Eyeliner Pencil", 30},
      {"B007", "Black Liquid Eyeliner", 90},
      {"B008", "Rose Nail Polish", 25},
      {"B009", "Clear Nail Polish Top Coat", 70},
      {"B010", "Glitter Nail Polish", 5},
      {"B011", "Nail Polish Remover", 55},
      {"B012", "Hydrating Face Cream", 110},
      {"B013", "Night Face Cream", 45},
      {"B014", "Vitamin C Face Serum", 35},
      {"B015", "Gentle Foaming Cleanser", 65},
      {"B016", "Charcoal Face Mask", 8},
      {"B017", "Clay Face Mask", 12},
      {"B018", "Coconut Shampoo", 95},
      {"B019", "Argan Oil Conditioner", 50},
      {"B020", "Dry Shampoo Spray", 20},
      {"B021", "Curl Defining Cream", 6},
      {"B022", "Lavender Body Lotion", 75},
      {"B023", "Shea Butter Body Lotion", 3},
      {"B024", "Mint Lip Balm", 130},
      {"B025", "Cherry Lip Balm", 9},
      {"B026", "Rose Perfume", 15},
      {"B027", "Citrus Eau de Toilette", 4},
      {"B028", "Makeup Brush Set", 100},
      {"B029", "Beauty Sponge", 85},
      {"B030", "Eyelash Curler", 2},
  };

  private final String name;
  private final Object addLock = new Object();
  private volatile Map<String, Item> items;
  private final AtomicInteger added = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();
  final AtomicInteger calls = new AtomicInteger();
  final AtomicInteger usedAfterClose = new AtomicInteger();
  final AtomicInteger closes = new AtomicInteger();
  final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
  /** Requests inside a {@code recommend} call now. */
  final AtomicInteger inside = new AtomicInteger();
  private volatile CountDownLatch gate;
  private volatile CountDownLatch entered = new CountDownLatch(0);
  private volatile long workMillis;

  FakeRecommender(String name) {
    this.name = name;
    Map<String, Item> m = new LinkedHashMap<>();
    for (Object[] row : CATALOGUE) {
      int pop = (Integer) row[2];
      m.put((String) row[0], new Item((String) row[0], (String) row[1], pop, pop < TAIL_BELOW, false));
    }
    items = m;
  }

  FakeRecommender() {
    this("fake");
  }

  /** From now on every {@code recommend} call waits until {@code g} opens. */
  void holdAt(CountDownLatch g) {
    gate = g;
  }

  /** Makes every {@code recommend} call take about {@code ms} (a model's compute time), so calls overlap swaps. */
  void simulateWork(long ms) {
    workMillis = ms;
  }

  /** From now on every {@code recommend} call counts {@code e} down as it starts. */
  void signalEntry(CountDownLatch e) {
    entered = e;
  }

  String name() {
    return name;
  }

  boolean isClosed() {
    return closed.get();
  }

  private void checkOpen() {
    if (closed.get()) {
      usedAfterClose.incrementAndGet();
      throw new IllegalStateException("model " + name + " used after close");
    }
  }

  @Override
  public Info info() {
    checkOpen();
    return new Info("llmesr", "sasrec", items.size(), added.get(), "fake-encoder", name, "sha-" + name);
  }

  @Override
  public int maxHistory() {
    return MAX_HISTORY;
  }

  @Override
  public Optional<Item> item(String id) {
    checkOpen();
    return Optional.ofNullable(items.get(id));
  }

  @Override
  public List<Item> search(String query, int limit) {
    checkOpen();
    List<String> words = words(query);
    return items.values().stream()
        .filter(i -> words(i.title()).containsAll(words) || containsAll(i.title(), words))
        .sorted(Comparator.comparingInt(Item::popularity).reversed().thenComparing(Item::id))
        .limit(limit).toList();
  }

  private static boolean containsAll(String title, List<String> words) {
    String t = title.toLowerCase(Locale.ROOT);
    return words.stream().allMatch(t::contains);
  }

  @Override
  public List<Recommendation> recommend(List<Request> requests) {
    checkOpen();
    calls.incrementAndGet();
    batchSizes.add(requests.size());
    inside.addAndGet(requests.size());
    entered.countDown();
    try {
      CountDownLatch g = gate;
      if (g != null && !g.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("gate never opened");
      if (workMillis > 0) Thread.sleep(workMillis);
      Map<String, Item> snapshot = items;
      List<Recommendation> out = new ArrayList<>();
      for (int r = 0; r < requests.size(); r++) out.add(one(snapshot, requests.get(r), r));
      checkOpen();
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      inside.addAndGet(-requests.size());
    }
  }

  private Recommendation one(Map<String, Item> snapshot, Request req, int index) {
    if (req.k() < 1 || req.k() > snapshot.size()) {
      throw new RequestException("k", "request " + index + ": k must be 1.." + snapshot.size());
    }
    List<String> known = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String id : req.history()) (snapshot.containsKey(id) ? known : unknown).add(id);
    if (known.isEmpty()) {
      throw new RequestException("history", "request " + index + ": no history item is in the catalogue");
    }
    boolean truncated = known.size() > MAX_HISTORY;
    List<String> used = known.subList(Math.max(0, known.size() - MAX_HISTORY), known.size());
    Set<String> skip = new HashSet<>(req.exclude());
    if (req.excludeHistory()) skip.addAll(req.history());
    Set<String> historyWords = new HashSet<>();
    List<List<String>> historyTitles = used.stream().map(id -> words(snapshot.get(id).title())).toList();
    historyTitles.forEach(historyWords::addAll);
    List<ScoredItem> scored = snapshot.values().stream()
        .filter(i -> !skip.contains(i.id()))
        .map(i -> new ScoredItem(i.id(), score(i, historyTitles), i.title(), i.tail(), i.added()))
        .sorted(Comparator.comparingDouble((ScoredItem s) -> -s.score()).thenComparing(ScoredItem::id))
        .limit(req.k()).toList();
    return new Recommendation(scored, unknown, used.size(), truncated);
  }

  private static float score(Item candidate, List<List<String>> historyTitles) {
    List<String> w = words(candidate.title());
    int shared = 0;
    for (List<String> h : historyTitles) for (String x : w) if (h.contains(x)) shared++;
    return shared + candidate.popularity() / 1000f;
  }

  @Override
  public List<ScoredItem> similar(String id, int k) {
    checkOpen();
    Map<String, Item> snapshot = items;
    Item self = snapshot.get(id);
    if (self == null) throw new RequestException("id", "unknown item '" + id + "'");
    if (k < 1 || k >= snapshot.size()) throw new RequestException("k", "k must be 1.." + (snapshot.size() - 1));
    List<List<String>> one = List.of(words(self.title()));
    return snapshot.values().stream().filter(i -> !i.id().equals(id))
        .map(i -> new ScoredItem(i.id(), score(i, one), i.title(), i.tail(), i.added()))
        .sorted(Comparator.comparingDouble((ScoredItem s) -> -s.score()).thenComparing(ScoredItem::id))
        .limit(k).toList();
  }

  @Override
  public Item addItem(NewItem item) {
    checkOpen();
    if (item.id() == null || item.id().isBlank()) throw new RequestException("id", "id must not be empty");
    String title = item.text();
    if (title == null && item.fields() != null) {
      title = item.fields().getOrDefault("title", String.join(" ", item.fields().values()));
    }
    if (title == null || title.isBlank()) throw new RequestException("text", "text must not be empty");
    synchronized (addLock) {
      if (items.containsKey(item.id())) throw new ItemExistsException(item.id());
      Item it = new Item(item.id(), title.trim(), 0, true, true);
      Map<String, Item> next = new LinkedHashMap<>(items);
      next.put(it.id(), it);
      items = next;
      added.incrementAndGet();
      return it;
    }
  }

  @Override
  public void close() {
    closes.incrementAndGet();
    closed.set(true);
  }

  static List<String> words(String s) {
    return Arrays.stream(s.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
        .filter(w -> !w.isEmpty()).collect(Collectors.toList());
  }
}
