package io.llmesr.eval;

import io.llmesr.data.io.AtomicFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

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
}
