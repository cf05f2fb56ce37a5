package io.llmesr.eval;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Beyond-accuracy metrics of the top-K lists of one user group under full ranking ({@link TopK}): what kind of
 * items a model recommends, not only whether the target is among them. For each cut-off K,
 *
 * <pre>
 *   AvgPop@K    = mean over users u of (1/|L_u|) Σ_{i ∈ L_u} pop(i)
 *   TailShare@K = mean over users u of |L_u ∩ tail items| / |L_u|
 *   Coverage@K  = |∪_u L_u| / N
 * </pre>
 *
 * where {@code L_u} is user u's top-K list (shorter only when fewer items are left after excluding the history;
 * users with an empty list are left out of the two means), {@code pop(i)} the number of users who interacted with item i
 * ({@code Dataset.itemPopularity()}, the count that defines tail items) and N the number of items. They follow
 * RecBole's AveragePopularity, TailPercentage and ItemCoverage. Sampled protocols have no lists, hence no
 * list metrics.
 *
 * @param ks            the cut-offs, ascending
 * @param avgPopularity AvgPop@K per cut-off
 * @param tailShare     TailShare@K per cut-off
 * @param coverage      Coverage@K per cut-off
 * @param n             users in the group
 */
public record ListMetrics(List<Integer> ks, List<Double> avgPopularity, List<Double> tailShare,
                          List<Double> coverage, int n) {

  public ListMetrics {
    ks = List.copyOf(ks);
    avgPopularity = List.copyOf(avgPopularity);
    tailShare = List.copyOf(tailShare);
    coverage = List.copyOf(coverage);
    if (avgPopularity.size() != ks.size() || tailShare.size() != ks.size() || coverage.size() != ks.size()) {
      throw new IllegalArgumentException("one value per cut-off needed");
    }
  }

  /** Metric values by report name ({@code AvgPop@10}, {@code TailShare@10}, {@code Coverage@10}), K ascending. */
  public Map<String, Double> asMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < ks.size(); i++) m.put("AvgPop@" + ks.get(i), avgPopularity.get(i));
    for (int i = 0; i < ks.size(); i++) m.put("TailShare@" + ks.get(i), tailShare.get(i));
    for (int i = 0; i < ks.size(); i++) m.put("Coverage@" + ks.get(i), coverage.get(i));
    return m;
  }

  /** A metric by its report name. */
  public double metric(String name) {
    Double v = asMap().get(name);
    if (v == null) throw new IllegalArgumentException("unknown list metric '" + name + "' (have " + asMap().keySet() + ")");
    return v;
  }

  /** Running sums over the users of a group; users are added in ascending order, so results are batch-independent. */
  static final class Sums {
    private final List<Integer> ks;
    private final int[] popularity;
    private final GroupThresholds thresholds;
    private final int numItems;
    private final double[] pop;
    private final double[] tail;
    private final BitSet[] seen;
    private final int[] nonEmpty;
    private int n;

    Sums(List<Integer> ks, int[] popularity, GroupThresholds thresholds, int numItems) {
      this.ks = ks;
      this.popularity = popularity;
      this.thresholds = thresholds;
      this.numItems = numItems;
      this.pop = new double[ks.size()];
      this.tail = new double[ks.size()];
      this.seen = new BitSet[ks.size()];
      this.nonEmpty = new int[ks.size()];
      for (int i = 0; i < seen.length; i++) seen[i] = new BitSet(numItems + 1);
    }

    /** Adds one user's list (best first, at least as long as the largest K unless fewer items were left). */
    void add(int[] list) {
      for (int c = 0; c < ks.size(); c++) {
        int len = Math.min(ks.get(c), list.length);
        if (len == 0) continue;
        long popSum = 0;
        int tails = 0;
        for (int j = 0; j < len; j++) {
          int item = list[j];
          popSum += popularity[item];
          if (thresholds.isTailItem(popularity[item])) tails++;
          seen[c].set(item);
        }
        nonEmpty[c]++;
        pop[c] += (double) popSum / len;
        tail[c] += (double) tails / len;
      }
      n++;
    }

    ListMetrics toMetrics() {
      List<Double> p = new ArrayList<>();
      List<Double> t = new ArrayList<>();
      List<Double> cov = new ArrayList<>();
      for (int c = 0; c < ks.size(); c++) {
        p.add(nonEmpty[c] == 0 ? Double.NaN : pop[c] / nonEmpty[c]);
        t.add(nonEmpty[c] == 0 ? Double.NaN : tail[c] / nonEmpty[c]);
        cov.add(n == 0 ? Double.NaN : (double) seen[c].cardinality() / numItems);
      }
      return new ListMetrics(ks, p, t, cov, n);
    }
  }
}
