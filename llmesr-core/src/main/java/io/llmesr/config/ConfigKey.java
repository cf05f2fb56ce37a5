package io.llmesr.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One configuration key, declared once: its name, type (parser and text form), default (which may depend on the
 * preset, backbone and method: {@link Scope}), the rules a value must meet, and a one-line doc. Everything else —
 * the defaults map, parsing a flat map, writing it back, the key list in help texts and docs — is derived from the
 * declarations ({@code io.llmesr.run.RunKeys} for the run's keys, {@code io.llmesr.model.ModelFactory#options()}
 * for each method's {@code method.*} options).
 *
 * <p>Errors always name the key: {@code configuration key 'train.lr': must be > 0, got -1.0}.
 *
 * @param <T> the typed value
 */
public final class ConfigKey<T> {
  /**
   * What a default may depend on, by id: preset ({@code paper}, {@code fast}), backbone ({@code sasrec}, ...) and
   * method. {@code null} fields when unknown (method options use constant defaults). Ids rather than the run's types
   * keep this package below {@code model} and {@code run}, which both declare keys.
   */
  public record Scope(String preset, String backbone, String method) { }

  /** A value rule: {@code test} must hold, else the value "must be {@code requirement}". */
  private record Rule<T>(Predicate<T> test, String requirement) { }

  private final String name;
  private final String type;
  private final String doc;
  private final Function<String, T> parser;
  private final Function<? super T, String> formatter;
  private final Function<Scope, T> defaults;
  private final String defaultDoc;
  private final List<Rule<T>> rules;
  private final Function<Function<ConfigKey<?>, Object>, T> whenAbsent;
  private final boolean overridable;

  private ConfigKey(String name, String type, String doc, Function<String, T> parser,
                    Function<? super T, String> formatter, Function<Scope, T> defaults, String defaultDoc,
                    List<Rule<T>> rules, Function<Function<ConfigKey<?>, Object>, T> whenAbsent, boolean overridable) {
    this.name = Objects.requireNonNull(name);
    this.type = type;
    this.doc = doc;
    this.parser = parser;
    this.formatter = formatter;
    this.defaults = defaults;
    this.defaultDoc = defaultDoc;
    this.rules = List.copyOf(rules);
    this.whenAbsent = whenAbsent;
    this.overridable = overridable;
  }

  // ---- declarations ------------------------------------------------------------------------------------------

  /** A key of any type: {@code parser} throws {@link IllegalArgumentException} on a bad text. */
  public static <T> ConfigKey<T> of(String name, String type, Function<String, T> parser,
                                    Function<? super T, String> formatter, T defaultValue, String doc) {
    return new ConfigKey<>(name, type, doc, parser, formatter, s -> defaultValue, null, List.of(), null, true);
  }

  /** An {@code int} key. */
  public static ConfigKey<Integer> integer(String name, int defaultValue, String doc) {
    return of(name, "integer", text -> {
      try {
        return Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "' is not an integer");
      }
    }, i -> Integer.toString(i), defaultValue, doc);
  }

  /** A {@code long} key. */
  public static ConfigKey<Long> longInteger(String name, long defaultValue, String doc) {
    return of(name, "integer", text -> {
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "' is not an integer");
      }
    }, l -> Long.toString(l), defaultValue, doc);
  }

  /** A {@code double} key (text form {@link Double#toString}). */
  public static ConfigKey<Double> real(String name, double defaultValue, String doc) {
    return of(name, "number", ConfigKey::parseReal, d -> Double.toString(d), defaultValue, doc);
  }

  /** A {@code float} key, parsed as a double then narrowed (text form {@link Float#toString}). */
  public static ConfigKey<Float> real32(String name, float defaultValue, String doc) {
    return of(name, "number", text -> (float) parseReal(text), f -> Float.toString(f), defaultValue, doc);
  }

  /** A {@code true}/{@code false} key (case-insensitive). */
  public static ConfigKey<Boolean> bool(String name, boolean defaultValue, String doc) {
    return of(name, "true/false", text -> {
      String v = text.toLowerCase(Locale.ROOT);
      if (v.equals("true") || v.equals("false")) return Boolean.parseBoolean(v);
      throw new IllegalArgumentException("'" + text + "' is not true/false");
    }, b -> Boolean.toString(b), defaultValue, doc);
  }

  /** A free text key. */
  public static ConfigKey<String> text(String name, String defaultValue, String doc) {
    return of(name, "text", t -> t, t -> t, defaultValue, doc);
  }

  private static double parseReal(String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a number");
    }
  }

  /** The same key with a default that depends on the scope; {@code doc} says on what (for docs, e.g. "preset"). */
  public ConfigKey<T> defaultFrom(Function<Scope, T> scoped, String doc) {
    return new ConfigKey<>(name, type, this.doc, parser, formatter, scoped, doc, rules, whenAbsent, overridable);
  }

  /** The same key with one more rule: a value must meet {@code test} ("must be {@code requirement}"). */
  public ConfigKey<T> require(Predicate<T> test, String requirement) {
    List<Rule<T>> r = new ArrayList<>(rules);
    r.add(new Rule<>(test, requirement));
    return new ConfigKey<>(name, type, doc, parser, formatter, defaults, defaultDoc, r, whenAbsent, overridable);
  }

  /**
   * The same key, read as {@code legacy} (given the values of the keys declared before it) when a stored map lacks
   * it: runs written before the key existed. Without this, a missing key is an error.
   */
  public ConfigKey<T> whenAbsent(Function<Function<ConfigKey<?>, Object>, T> legacy) {
    return new ConfigKey<>(name, type, doc, parser, formatter, defaults, defaultDoc, rules, legacy, overridable);
  }

  /** The same key, not settable with {@code --set} (e.g. {@code preset}, which has its own option). */
  public ConfigKey<T> fixed() {
    return new ConfigKey<>(name, type, doc, parser, formatter, defaults, defaultDoc, rules, whenAbsent, false);
  }

  // ---- use ---------------------------------------------------------------------------------------------------

  public String name() {
    return name;
  }

  /** The name without a {@code method.} prefix (a method option's own name). */
  public String shortName() {
    return name.startsWith("method.") ? name.substring("method.".length()) : name;
  }

  /** The type as shown in docs ({@code integer}, {@code number}, {@code true/false}, or the choices). */
  public String type() {
    return type;
  }

  public String doc() {
    return doc;
  }

  public boolean overridable() {
    return overridable;
  }

  /** Whether a stored map may lack this key (runs written before it existed). */
  public boolean hasLegacyDefault() {
    return whenAbsent != null;
  }

  /** The value for a stored map that lacks the key; {@code earlier} gives the values of the keys read before it. */
  public T legacyValue(Function<ConfigKey<?>, Object> earlier) {
    if (whenAbsent == null) throw new IllegalArgumentException("configuration key '" + name + "' is missing");
    return whenAbsent.apply(earlier);
  }

  /** The default in {@code scope} (unchecked: e.g. {@code dataset.dir} has no usable default). */
  public T defaultValue(Scope scope) {
    return defaults.apply(scope);
  }

  /** The default's text form in {@code scope}. */
  public String defaultText(Scope scope) {
    return format(defaultValue(scope));
  }

  /** The default as shown in docs: its text when constant, else what it depends on. */
  public String defaultDoc() {
    return defaultDoc != null ? defaultDoc : defaultText(null);
  }

  /** The requirements a value must meet, joined for docs ({@code ""} when any value of the type does). */
  public String requirements() {
    List<String> r = new ArrayList<>();
    for (Rule<T> rule : rules) r.add(rule.requirement());
    return String.join(", ", r);
  }

  /** Parses and checks a text value; errors name the key. */
  public T parse(String text) {
    if (text == null) throw new IllegalArgumentException("configuration key '" + name + "' is missing");
    T v;
    try {
      v = parser.apply(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("configuration key '" + name + "': " + e.getMessage(), e);
    }
    return check(v);
  }

  /** Checks a typed value against the key's rules; errors name the key. */
  public T check(T value) {
    for (Rule<T> rule : rules) {
      if (!rule.test().test(value)) {
        throw new IllegalArgumentException("configuration key '" + name + "': must be " + rule.requirement()
            + ", got " + format(value));
      }
    }
    return value;
  }

  /** The text form written to {@code config.json}. */
  public String format(T value) {
    return formatter.apply(value);
  }

  @Override
  public String toString() {
    return name;
  }
}
