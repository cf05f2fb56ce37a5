package io.llmesr.prepare;

import io.llmesr.data.ItemRecord;
import io.llmesr.data.RawData;
import io.llmesr.text.ItemText;
import io.llmesr.text.PromptDiversity;
import io.llmesr.text.PromptSet;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a source ({@link RawData}) into a {@link PreparedDataset}: ingest filter, recipe filter, per-user
 * stable time sort, ids by first appearance, split, item texts and prompts. The steps and their order
 * are those of docs/model.md §2.1–2.2; each recipe documents its own filter.
 *
 * <p>Memory: interactions are held as primitive columns (user code, item code, timestamp: 16 bytes each)
 * and every distinct raw id string once; no per-line objects survive the read.
 *
 * <p>Ids. Users are ordered by their first surviving interaction in the file; items get ids 1, 2, ...
 * walking the users in that order and each user's time-sorted list. For {@code llmesr-paper} the walk
 * covers the users before the "fewer than 3" removal (the paper's order of operations); for {@code kcore}
 * it covers the final users. {@code N} is the largest item id present in a final sequence.
 */
public final class Preparer {
  private static final Logger LOG = LoggerFactory.getLogger(Preparer.class);

  private Preparer() { }

  /** Prepares {@code raw}, hashing its files for the manifest. */
  public static PreparedDataset prepare(RawData raw, PrepareOptions opts) throws IOException {
    return prepare(raw, opts, InputFile.ofAll(raw.files()));
  }

  /** Prepares {@code raw} whose files were already hashed into {@code inputs}. */
  public static PreparedDataset prepare(RawData raw, PrepareOptions opts, List<InputFile> inputs) throws IOException {
    String domain = opts.resolveDomain(raw.domain());
    PromptSet prompts = opts.prompts(raw.domain());
    Recipe recipe = opts.recipe();
    List<String> warnings = new ArrayList<>();
    Map<String, Long> prep = new LinkedHashMap<>();

    InteractionTable table = InteractionTable.load(raw.interactions(), recipe.ingestFilter());
    prep.put("interactionsRead", table.read);
    prep.put("droppedByRating", table.droppedByRating);
    prep.put("droppedByDate", table.droppedByDate);
    prep.put("rawUsers", (long) table.users.size());
    prep.put("rawItems", (long) table.items.size());

    UserGroups groups = UserGroups.of(table);
    BitSet keep = recipe.keep(groups);
    prep.put("droppedByFilter", (long) (table.rows() - keep.cardinality()));
    if (recipe instanceof KCoreRecipe k) prep.put("kcoreRounds", (long) k.rounds);

    // Users in order of their first surviving interaction; each with its surviving rows in time order.
    int[] userOrder = usersByFirstKeptRow(table, keep);
    int[][] rows = new int[userOrder.length][];
    for (int i = 0; i < userOrder.length; i++) rows[i] = keptRowsOf(groups, userOrder[i], keep);
    prep.put("usersAfterFilter", (long) userOrder.length);

    // Cold-start hold-out: the newest items leave the dataset; users whose last item is one become targets.
    HoldOut.Result held = null;
    if (opts.holdOutNewItems() > 0) {
      held = HoldOut.apply(table, rows, userOrder, opts.holdOutNewItems());
      rows = held.keptRows();
      boolean[] nonEmpty = new boolean[rows.length];
      for (int i = 0; i < rows.length; i++) nonEmpty[i] = rows[i].length > 0;
      userOrder = select(userOrder, nonEmpty);
      rows = select(rows, nonEmpty);
      prep.put("heldOutItems", (long) held.heldOrder().length);
    }

    int[] itemIdOfCode = new int[table.items.size()];
    GrowableInts codeOfId = new GrowableInts(1024);
    codeOfId.add(-1);
    int[] recipeUserIds;
    boolean idsAssigned = false;
    int min = recipe.minUserLengthAfterIds();
    if (min > 0) {
      assignItemIds(table, rows, itemIdOfCode, codeOfId);
      idsAssigned = true;
      recipeUserIds = new int[userOrder.length];
      for (int i = 0; i < userOrder.length; i++) recipeUserIds[i] = i + 1;
      boolean[] longEnough = new boolean[userOrder.length];
      for (int i = 0; i < userOrder.length; i++) longEnough[i] = rows[i].length >= min;
      int before = userOrder.length;
      userOrder = select(userOrder, longEnough);
      rows = select(rows, longEnough);
      recipeUserIds = select(recipeUserIds, longEnough);
      prep.put("usersRemovedAfterIds", (long) (before - userOrder.length));
    } else {
      recipeUserIds = null;
      prep.put("usersRemovedAfterIds", 0L);
    }

    long[][] times = new long[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      times[i] = new long[rows[i].length];
      for (int j = 0; j < rows[i].length; j++) times[i][j] = table.time(rows[i][j]);
    }
    Splitter.Boundaries b = Splitter.split(opts.split(), times);
    int before = userOrder.length;
    userOrder = select(userOrder, b.kept());
    rows = select(rows, b.kept());
    times = select(times, b.kept());
    int[] trainEnd = select(b.trainEnd(), b.kept());
    int[] validEnd = select(b.validEnd(), b.kept());
    if (recipeUserIds != null) recipeUserIds = select(recipeUserIds, b.kept());
    prep.put("usersDroppedBySplit", (long) (before - userOrder.length));
    Map<String, Object> split = new LinkedHashMap<>(opts.split().params());
    if (opts.split() instanceof SplitSpec.Temporal) {
      split.put("validCutoff", b.validCut());
      split.put("testCutoff", b.testCut());
      if (before > userOrder.length) {
        warnings.add((before - userOrder.length) + " users have no interaction at or before the validation cutoff "
            + b.validCut() + " and were removed by the temporal split");
      }
    }
    if (opts.split().warning() != null) warnings.add(opts.split().warning());

    if (userOrder.length == 0) {
      throw new IllegalArgumentException("nothing left to prepare: of " + table.read + " interactions read, "
          + table.droppedByRating + " were dropped by the rating filter, " + table.droppedByDate
          + " by the date window, " + prep.get("droppedByFilter") + " by the " + recipe.name() + " count filter, "
          + prep.get("usersRemovedAfterIds") + " users removed after ids, " + prep.get("usersDroppedBySplit")
          + " by the split");
    }

    if (!idsAssigned) {
      assignItemIds(table, rows, itemIdOfCode, codeOfId);
      recipeUserIds = new int[userOrder.length];
      for (int i = 0; i < userOrder.length; i++) recipeUserIds[i] = i + 1;
    }

    // Sequences in item ids; N = largest id present (the paper's item_num = max id).
    int[][] sequences = new int[rows.length][];
    int n = 0;
    for (int i = 0; i < rows.length; i++) {
      int[] s = new int[rows[i].length];
      for (int j = 0; j < s.length; j++) {
        s[j] = itemIdOfCode[table.item(rows[i][j])];
        n = Math.max(n, s[j]);
      }
      sequences[i] = s;
    }
    prep.put("itemIdsAboveMaxDropped", (long) (codeOfId.size() - 1 - n));
    List<String> userIds = new ArrayList<>(userOrder.length);
    for (int u : userOrder) userIds.add(table.users.id(u));
    List<String> itemIds = new ArrayList<>(n + 1);
    itemIds.add(null);
    for (int id = 1; id <= n; id++) itemIds.add(table.items.id(codeOfId.get(id)));

    // Item texts: keep the first record of every item in the dataset.
    List<Map<String, String>> itemFields = new ArrayList<>(n + 1);
    for (int id = 0; id <= n; id++) itemFields.add(null);
    long[] itemStats = new long[3]; // read, unmatched, duplicate
    final int maxId = n;
    Map<Integer, Map<String, String>> heldFields = new java.util.HashMap<>();
    final BitSet heldCodes = held == null ? new BitSet() : held.heldCodes();
    raw.items().forEach((ItemRecord rec) -> {
      itemStats[0]++;
      int code = table.items.codeOf(rec.item());
      int id = code < 0 ? 0 : itemIdOfCode[code];
      if (code >= 0 && heldCodes.get(code)) {
        heldFields.putIfAbsent(code, rec.fields());
      } else if (id < 1 || id > maxId) {
        itemStats[1]++;
      } else if (itemFields.get(id) != null) {
        itemStats[2]++;
      } else {
        itemFields.set(id, rec.fields());
      }
    });
    prep.put("itemRecordsRead", itemStats[0]);
    prep.put("itemRecordsNotInDataset", itemStats[1]);
    prep.put("itemRecordsDuplicate", itemStats[2]);
    for (int id = 1; id <= n; id++) if (itemFields.get(id) == null) itemFields.set(id, Map.of());

    if (opts.itemTemplate() != null) warnUnknownPlaceholders(opts.itemTemplate(), itemFields, warnings);

    // Prompts.
    List<String> itemPrompts = new ArrayList<>(n + 1);
    itemPrompts.add(null);
    ItemText[] texts = new ItemText[n + 1];
    long withoutText = 0;
    for (int id = 1; id <= n; id++) {
      texts[id] = new ItemText(itemIds.get(id), itemFields.get(id));
      if (!texts[id].hasText()) withoutText++;
      itemPrompts.add(prompts.itemPrompt(texts[id]));
    }
    if (withoutText > 0) {
      warnings.add(withoutText + " of " + n + " items have no text; they get the fallback prompt \""
          + PromptSet.fallbackItemPrompt("<raw id>") + "\"");
    }
    List<String> userPrompts = new ArrayList<>(userOrder.length);
    List<ItemText> history = new ArrayList<>();
    for (int i = 0; i < sequences.length; i++) {
      history.clear();
      for (int j = 0; j < trainEnd[i]; j++) history.add(texts[sequences[i][j]]);
      userPrompts.add(prompts.user().prompt(history));
    }

    PromptDiversity diversity = PromptDiversity.of(itemPrompts, userPrompts, prompts.emptyUserPrompt());
    for (String problem : diversity.problems()) warnings.add(problem + " ('embed' will refuse these prompts)");

    Dataset dataset = new Dataset(opts.name(), userIds, itemIds, sequences, trainEnd, validEnd, itemPrompts, userPrompts);
    Map<String, Long> counts = counts(dataset, withoutText);
    counts.put("distinctItemPrompts", (long) diversity.distinctItemPrompts());
    counts.put("distinctUserPrompts", (long) diversity.distinctUserPrompts());
    counts.put("usersWithoutPromptText", diversity.emptyUserPrompts());
    if (held != null) {
      counts.put("heldOutItems", (long) held.heldOrder().length);
      counts.put("heldOutTargets", java.util.Arrays.stream(held.targets()).filter(java.util.Objects::nonNull).count());
    }

    Map<String, Object> fpParts = Fingerprint.components(raw.format(), inputs, opts, domain, prompts);
    DatasetManifest manifest = new DatasetManifest(DatasetManifest.FORMAT, DatasetManifest.FORMAT_VERSION,
        opts.name(), Fingerprint.of(fpParts), "llmesr " + version(), Instant.now().toString(),
        new DatasetManifest.RecipeInfo(recipe.name(), recipe.version(), recipe.params()), split,
        new DatasetManifest.SourceInfo(raw.format(), domain, opts.readerOptions(), inputs),
        new DatasetManifest.PromptInfo(prompts.domain(),
            new DatasetManifest.Template(prompts.item().name(), prompts.itemTemplateHash()),
            new DatasetManifest.Template(prompts.user().name(), prompts.userTemplateHash()),
            PromptSet.fallbackItemPrompt("{rawId}"), prompts.emptyUserPrompt(), opts.itemTemplate(), opts.userTemplate()),
        counts, prep);
    LOG.info("prepared {}: {} users, {} items, {} interactions ({})", opts.name(), dataset.numUsers(),
        dataset.numItems(), dataset.numInteractions(), recipe);
    List<HoldOut.Item> heldItems = new ArrayList<>();
    List<HoldOut.Target> heldTargets = new ArrayList<>();
    if (held != null) {
      for (int code : held.heldOrder()) {
        heldItems.add(new HoldOut.Item(table.items.id(code), held.firstTimes()[code], heldFields.getOrDefault(code, Map.of())));
      }
      for (HoldOut.Target t : held.targets()) if (t != null) heldTargets.add(t);
    }
    return new PreparedDataset(dataset, manifest, times, recipeUserIds, itemFields, warnings, heldItems, heldTargets);
  }

  /** Warns about template placeholders that match no field of any item (typos such as {titel}). */
  private static void warnUnknownPlaceholders(String template, List<Map<String, String>> itemFields, List<String> warnings) {
    java.util.Set<String> seen = new java.util.TreeSet<>();
    for (Map<String, String> f : itemFields) if (f != null) seen.addAll(f.keySet());
    for (String p : io.llmesr.text.GenericItemPrompt.placeholders(template)) {
      if (!seen.contains(p)) {
        warnings.add("item template placeholder {" + p + "} matches no item field, so it always reads 'unknown'"
            + " (fields present: " + (seen.isEmpty() ? "none" : String.join(", ", seen)) + ")");
      }
    }
  }

  static String version() {
    String v = Preparer.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0" : v;
  }

  private static Map<String, Long> counts(Dataset d, long withoutText) {
    long train = 0;
    long valid = 0;
    long test = 0;
    long validUsers = 0;
    long testUsers = 0;
    for (int u = 0; u < d.numUsers(); u++) {
      train += d.trainEnd()[u];
      valid += d.validEnd()[u] - d.trainEnd()[u];
      test += d.sequences()[u].length - d.validEnd()[u];
      if (d.hasValid(u)) validUsers++;
      if (d.hasTest(u)) testUsers++;
    }
    int[] pop = d.itemPopularity();
    long zero = 0;
    for (int i = 1; i < pop.length; i++) if (pop[i] == 0) zero++;
    Map<String, Long> c = new LinkedHashMap<>();
    c.put("users", (long) d.numUsers());
    c.put("items", (long) d.numItems());
    c.put("interactions", d.numInteractions());
    c.put("trainInteractions", train);
    c.put("validInteractions", valid);
    c.put("testInteractions", test);
    c.put("usersWithValidTarget", validUsers);
    c.put("usersWithTestTarget", testUsers);
    c.put("itemsWithoutText", withoutText);
    c.put("itemsWithZeroPopularity", zero);
    return c;
  }

  private static int[] usersByFirstKeptRow(InteractionTable t, BitSet keep) {
    boolean[] seen = new boolean[t.users.size()];
    GrowableInts order = new GrowableInts(1024);
    for (int r = keep.nextSetBit(0); r >= 0; r = keep.nextSetBit(r + 1)) {
      int u = t.user(r);
      if (!seen[u]) {
        seen[u] = true;
        order.add(u);
      }
    }
    return order.toArray();
  }

  private static int[] keptRowsOf(UserGroups g, int user, BitSet keep) {
    int from = g.offsets[user];
    int to = g.offsets[user + 1];
    int n = 0;
    for (int i = from; i < to; i++) if (keep.get(g.rows[i])) n++;
    int[] out = new int[n];
    int k = 0;
    for (int i = from; i < to; i++) if (keep.get(g.rows[i])) out[k++] = g.rows[i];
    return out;
  }

  private static void assignItemIds(InteractionTable t, int[][] rows, int[] itemIdOfCode, GrowableInts codeOfId) {
    for (int[] userRows : rows) {
      for (int r : userRows) {
        int code = t.item(r);
        if (itemIdOfCode[code] == 0) {
          itemIdOfCode[code] = codeOfId.size();
          codeOfId.add(code);
        }
      }
    }
  }

  private static int[] select(int[] a, boolean[] keep) {
    int n = 0;
    for (boolean k : keep) if (k) n++;
    int[] out = new int[n];
    int j = 0;
    for (int i = 0; i < a.length; i++) if (keep[i]) out[j++] = a[i];
    return out;
  }

  @SuppressWarnings("unchecked")
  private static <T> T[] select(T[] a, boolean[] keep) {
    List<T> out = new ArrayList<>();
    for (int i = 0; i < a.length; i++) if (keep[i]) out.add(a[i]);
    return out.toArray((T[]) Arrays.copyOf(a, 0));
  }
}
