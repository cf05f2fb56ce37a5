package io.llmesr.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ranking metrics of one user group: HR@K and NDCG@K for each cut-off K, MRR, and the number of users.
 * Each metric is the mean over the group's users of the per-user value ({@link Ranking}); a group without
 * users has NaN metrics (written as {@code null} in JSON).
 *
 * @param ks   the cut-offs, ascending
 * @param hr   HR@K per cut-off, same order as {@code ks}
 * @param ndcg NDCG@K per cut-off
 * @param mrr  mean reciprocal rank over the whole candidate list
 * @param n    number of users in the group
 */
public record GroupMetrics(List<Integer> ks, List<Double> hr, List<Double> ndcg, double mrr, int n) {

  public GroupMetrics {
    ks = List.copyOf(ks);
    hr = List.copyOf(hr);
    ndcg = List.copyOf(ndcg);
    if (hr.size() != ks.size() || ndcg.size() != ks.size()) {
      throw new IllegalArgumentException("one HR and one NDCG value per cut-off needed");
    }
  }

  /** Metrics of the users whose ranks are given (0-based, pessimistic). */
  public static GroupMetrics of(List<Integer> ks, int[] ranks) {
    Sums s = new Sums(ks);
    for (int r : ranks) s.add(r);
    return s.toMetrics();
  }

  /** HR@k. */
  public double hr(int k) {
    return hr.get(indexOf(k));
  }

  /** NDCG@k. */
  public double ndcg(int k) {
    return ndcg.get(indexOf(k));
  }

  /** A metric by its report name: {@code HR@10}, {@code NDCG@5}, {@code MRR}. */
  public double metric(String name) {
    if (name.equals("MRR")) return mrr;
    if (name.startsWith("HR@")) return hr(Integer.parseInt(name.substring(3)));
    if (name.startsWith("NDCG@")) return ndcg(Integer.parseInt(name.substring(5)));
    throw new IllegalArgumentException("unknown metric '" + name + "' (HR@K, NDCG@K or MRR)");
  }

  /** Metric names in report order: HR@K..., NDCG@K..., MRR. */
  public List<String> metricNames() {
    List<String> names = new ArrayList<>();
    for (int k : ks) names.add("HR@" + k);
    for (int k : ks) names.add("NDCG@" + k);
    names.add("MRR");
    return names;
  }

  /** Metric values by name, in report order. */
  public Map<String, Double> asMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    for (String name : metricNames()) m.put(name, metric(name));
    return m;
  }

  private int indexOf(int k) {
    int i = ks.indexOf(k);
    if (i < 0) throw new IllegalArgumentException("cut-off " + k + " not evaluated (have " + ks + ")");
    return i;
  }

  /** Running sums of per-user metric values; summed in the order users are added. */
  static final class Sums {
    private final List<Integer> ks;
    private final double[] hr;
    private final double[] ndcg;
    private double mrr;
    private int n;

    Sums(List<Integer> ks) {
      this.ks = ks;
      this.hr = new double[ks.size()];
      this.ndcg = new double[ks.size()];
    }

    void add(int rank) {
      for (int i = 0; i < hr.length; i++) {
        int k = ks.get(i);
        hr[i] += Ranking.hit(rank, k);
        ndcg[i] += Ranking.ndcg(rank, k);
      }
      mrr += Ranking.reciprocalRank(rank);
      n++;
    }

    GroupMetrics toMetrics() {
      List<Double> h = new ArrayList<>();
      List<Double> g = new ArrayList<>();
      for (int i = 0; i < hr.length; i++) {
        h.add(n == 0 ? Double.NaN : hr[i] / n);
        g.add(n == 0 ? Double.NaN : ndcg[i] / n);
      }
      return new GroupMetrics(ks, h, g, n == 0 ? Double.NaN : mrr / n, n);
    }
  }
}
