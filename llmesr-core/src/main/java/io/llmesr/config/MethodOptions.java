package io.llmesr.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A method's options ({@code method.KEY}), typed by the method's declarations ({@link ConfigKey}s from
 * {@code io.llmesr.model.ModelFactory#options()}).
 *
 * <p>Holds both forms: {@link #given()}, the options as given (names and text exactly as they were set, which is
 * what {@code config.json} stores, so a run's stored text never changes), and the typed value of every declared key
 * ({@link #get}; its default when not given). Option names are matched case-insensitively with {@code -} and
 * {@code _} interchangeable ({@code sim-users} = {@code sim_users}); values are trimmed before parsing.
 *
 * <p>Names the method does not declare are kept in {@link #unknown()}: {@link #requireKnown()} refuses them, naming
 * the known ones (the factory does so when it builds the model, before a run writes anything).
 */
public final class MethodOptions {
  private final String method;
  private final List<ConfigKey<?>> declared;
  private final Map<String, String> given;
  private final Map<String, Object> values;
  private final List<String> unknown;

  private MethodOptions(String method, List<ConfigKey<?>> declared, Map<String, String> given,
                        Map<String, Object> values, List<String> unknown) {
    this.method = method;
    this.declared = declared;
    this.given = given;
    this.values = values;
    this.unknown = unknown;
  }

  /**
   * Parses and checks the given options against the declarations: every declared key gets its typed value (the
   * default when not given); a bad value is an error naming the key ({@code configuration key 'method.alpha': ...}).
   *
   * @param given option names without the {@code method.} prefix, to text values
   */
  public static MethodOptions parse(String method, List<ConfigKey<?>> declared, Map<String, String> given) {
    Map<String, ConfigKey<?>> byName = new LinkedHashMap<>();
    for (ConfigKey<?> k : declared) byName.put(k.shortName(), k);
    Map<String, Object> values = new LinkedHashMap<>();
    for (ConfigKey<?> k : declared) values.put(k.shortName(), k.defaultValue(null));
    List<String> unknown = new ArrayList<>();
    Map<String, String> sorted = new TreeMap<>(given);
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      ConfigKey<?> k = byName.get(canonical(e.getKey()));
      if (k == null) {
        unknown.add(e.getKey());
      } else {
        values.put(k.shortName(), k.parse(e.getValue().trim()));
      }
    }
    return new MethodOptions(method, List.copyOf(declared), Collections.unmodifiableMap(sorted),
        Collections.unmodifiableMap(values), List.copyOf(unknown));
  }

  /** The canonical form of an option name: lower case, {@code -} read as {@code _}. */
  public static String canonical(String name) {
    return name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
  }

  /** This, if every given option is declared; else an error naming the first unknown one and the known ones. */
  public MethodOptions requireKnown() {
    if (!unknown.isEmpty()) {
      TreeSet<String> known = new TreeSet<>();
      for (ConfigKey<?> k : declared) known.add(k.shortName());
      throw new IllegalArgumentException("unknown option '" + unknown.get(0) + "' for method " + method + " (known: "
          + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
    }
    return this;
  }

  /** The typed value of a declared option (its default when not given). */
  @SuppressWarnings("unchecked")
  public <T> T get(ConfigKey<T> key) {
    if (!values.containsKey(key.shortName())) {
      throw new IllegalArgumentException("method " + method + " does not declare option '" + key.name() + "'");
    }
    return (T) values.get(key.shortName());
  }

  /** The options as given (names without the prefix, text as set), sorted by name. */
  public Map<String, String> given() {
    return given;
  }

  /** Given option names the method does not declare. */
  public List<String> unknown() {
    return unknown;
  }

  public String method() {
    return method;
  }

  public List<ConfigKey<?>> declared() {
    return declared;
  }
}
