package io.llmesr.eval;

import io.llmesr.data.io.AtomicFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * Per-user outcome of one evaluation, for significance tests between models (paired over users): which user,
 * which target, the target's 0-based pessimistic rank, how many candidates were ranked, and the group
 * memberships. Rows are in ascending user order, the same for every model evaluated on the same dataset,
 * split and protocol.
 *
 * @param userIndex      user index per row
 * @param targetItem     target item index per row
 * @param rank           0-based pessimistic rank of the target ({@link Ranking})
 * @param numCandidates  number of ranked candidates, target included (101 for sampled100)
 * @param inputLength    evaluation input length after truncation to L
 * @param targetPopularity popularity of the target ({@code Dataset.itemPopularity()})
 * @param tailUser       whether the user is a tail user
 * @param tailItem       whether the target is a tail item
 * @param userIds        raw user ids of the dataset, by user index
 * @param itemIds        raw item ids of the dataset, by item index
 */
public record UserRanks(int[] userIndex, int[] targetItem, int[] rank, int[] numCandidates, int[] inputLength,
                        int[] targetPopularity, boolean[] tailUser, boolean[] tailItem,
                        List<String> userIds, List<String> itemIds) {

  /** CSV header of {@link #toCsv()}. */
  public static final String[] HEADER = {"user_index", "user_id", "target_index", "target_id", "rank",
      "num_candidates", "input_length", "target_popularity", "tail_user", "tail_item"};

  /** Number of evaluated users. */
  public int size() {
    return userIndex.length;
  }

  /** The table as CSV text (RFC 4180, header first). */
  public String toCsv() {
    StringWriter out = new StringWriter();
    try (CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(HEADER).get())) {
      for (int r = 0; r < size(); r++) {
        p.printRecord(userIndex[r], userIds.get(userIndex[r]), targetItem[r], itemIds.get(targetItem[r]), rank[r],
            numCandidates[r], inputLength[r], targetPopularity[r], tailUser[r], tailItem[r]);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }

  /** Writes {@link #toCsv()} to {@code file} atomically. */
  public void writeCsv(Path file) throws IOException {
    AtomicFiles.writeString(file, toCsv());
  }

  /**
   * Per-user value of a ranking metric ({@code HR@K}, {@code NDCG@K}, {@code MRR}) for each row whose user is in
   * {@code group}, in row order: the terms that {@link GroupMetrics} averages ({@link Ranking}).
   */
  public double[] perUser(EvalGroup group, String metric) {
    int n = 0;
    for (int r = 0; r < size(); r++) if (group.contains(tailUser[r], tailItem[r])) n++;
    double[] out = new double[n];
    for (int r = 0, i = 0; r < size(); r++) {
      if (!group.contains(tailUser[r], tailItem[r])) continue;
      int rank = this.rank[r];
      if (metric.equals("MRR")) {
        out[i++] = Ranking.reciprocalRank(rank);
      } else if (metric.startsWith("HR@")) {
        out[i++] = Ranking.hit(rank, Integer.parseInt(metric.substring(3)));
      } else if (metric.startsWith("NDCG@")) {
        out[i++] = Ranking.ndcg(rank, Integer.parseInt(metric.substring(5)));
      } else {
        throw new IllegalArgumentException("unknown metric '" + metric + "' (HR@K, NDCG@K or MRR)");
      }
    }
    return out;
  }

  /**
   * Reads a table written by {@link #writeCsv}; a malformed row is an error naming file, line and field. The id
   * lists hold the ids of the users and targets that appear (other indexes map to {@code null}).
   */
  public static UserRanks readCsv(Path file) throws IOException {
    List<CSVRecord> rows;
    try (Reader in = Files.newBufferedReader(file)) {
      rows = CSVFormat.DEFAULT.builder().setHeader(HEADER).setSkipHeaderRecord(true).get().parse(in).getRecords();
    }
    int m = rows.size();
    int[] user = new int[m];
    int[] target = new int[m];
    int[] rank = new int[m];
    int[] cands = new int[m];
    int[] len = new int[m];
    int[] pop = new int[m];
    boolean[] tu = new boolean[m];
    boolean[] ti = new boolean[m];
    Map<Integer, String> users = new HashMap<>();
    Map<Integer, String> items = new HashMap<>();
    for (int r = 0; r < m; r++) {
      CSVRecord rec = rows.get(r);
      String field = "";
      try {
        field = "user_index";
        user[r] = Integer.parseInt(rec.get(field));
        field = "target_index";
        target[r] = Integer.parseInt(rec.get(field));
        field = "rank";
        rank[r] = Integer.parseInt(rec.get(field));
        field = "num_candidates";
        cands[r] = Integer.parseInt(rec.get(field));
        field = "input_length";
        len[r] = Integer.parseInt(rec.get(field));
        field = "target_popularity";
        pop[r] = Integer.parseInt(rec.get(field));
        field = "tail_user";
        tu[r] = strictBoolean(rec.get(field));
        field = "tail_item";
        ti[r] = strictBoolean(rec.get(field));
      } catch (RuntimeException e) {
        throw new IOException(file + ":" + (r + 2) + ": field '" + field + "': " + e.getMessage(), e);
      }
      users.put(user[r], rec.get("user_id"));
      items.put(target[r], rec.get("target_id"));
    }
    return new UserRanks(user, target, rank, cands, len, pop, tu, ti, sparse(users), sparse(items));
  }

  /** {@code true} or {@code false}; anything else is refused (Boolean.parseBoolean would read it as false). */
  private static boolean strictBoolean(String v) {
    if (v.equals("true")) return true;
    if (v.equals("false")) return false;
    throw new IllegalArgumentException("expected true or false, got '" + v + "'");
  }

  private static List<String> sparse(Map<Integer, String> ids) {
    int size = ids.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
    List<String> out = new ArrayList<>(Collections.nCopies(size, (String) null));
    ids.forEach(out::set);
    return Collections.unmodifiableList(out);
  }
}
