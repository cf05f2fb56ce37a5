package io.llmesr.experiment;

import io.llmesr.eval.EvalProtocol;
import io.llmesr.model.Backbone;
import io.llmesr.run.Preset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A declared study (docs/experiments.md), as read and checked by {@link StudyFile}: the runs are the cross product
 * datasets × backbones × methods × sweep values × seeds ({@link StudyPlan}), each trained with {@code preset} for at
 * most {@code epochs} and evaluated under every protocol.
 *
 * @param file      the study file
 * @param name      the study's name (default: the file name without extension)
 * @param datasets  the dataset directories
 * @param backbones backbones, in file order
 * @param methods   method entries, in file order
 * @param seeds     root seeds
 * @param preset    the training preset
 * @param epochs    the epoch budget of every run ({@code train --epochs})
 * @param protocols evaluation protocols of the test split
 * @param set       configuration overrides of every run, in file order: one value is fixed, several are a sweep
 */
public record Study(Path file, String name, List<DatasetRef> datasets, List<Backbone> backbones,
                    List<MethodEntry> methods, List<Long> seeds, Preset preset, int epochs,
                    List<EvalProtocol> protocols, Map<String, List<String>> set) {

  public Study {
    datasets = List.copyOf(datasets);
    backbones = List.copyOf(backbones);
    methods = List.copyOf(methods);
    seeds = List.copyOf(seeds);
    protocols = List.copyOf(protocols);
    set = copy(set);
  }

  /**
   * A dataset of the study.
   *
   * @param text the path as written in the study file (used in printed commands)
   * @param dir  the directory, resolved against the working directory
   * @param name the short name used in run directory names (the directory's file name)
   */
  public record DatasetRef(String text, Path dir, String name) { }

  /**
   * A method entry: a registered method, the label its rows carry in the report, and its own overrides (one value is
   * fixed, several are a sweep), e.g. an ablation {@code {label: w/o SD, id: llmesr, set: {method.ablation: no-sd}}}.
   *
   * @param label  the row label (default: the method id)
   * @param method the registered method id ({@code plain}, {@code llmesr}, ...)
   * @param set    the entry's overrides, in file order
   */
  public record MethodEntry(String label, String method, Map<String, List<String>> set) {
    public MethodEntry {
      set = copy(set);
    }
  }

  /** The swept keys of the study and of {@code m} (those with more than one value), top-level first. */
  public List<String> sweptKeys(MethodEntry m) {
    List<String> keys = new ArrayList<>();
    set.forEach((k, v) -> {
      if (v.size() > 1 && !m.set().containsKey(k)) keys.add(k);
    });
    m.set().forEach((k, v) -> {
      if (v.size() > 1) keys.add(k);
    });
    return keys;
  }

  /** The values of {@code key} for {@code m}: the entry's own if it sets the key, else the study's. */
  public List<String> values(MethodEntry m, String key) {
    List<String> v = m.set().get(key);
    return v != null ? v : set.get(key);
  }

  private static Map<String, List<String>> copy(Map<String, List<String>> m) {
    Map<String, List<String>> c = new LinkedHashMap<>();
    m.forEach((k, v) -> c.put(k, List.copyOf(v)));
    return java.util.Collections.unmodifiableMap(c);
  }
}
