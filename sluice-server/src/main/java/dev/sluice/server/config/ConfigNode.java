package dev.sluice.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A position in the parsed YAML tree together with its path ({@code providers[2].base_url}). Reading a value
 * through it checks the type, expands {@code ${ENV}} and reports any problem at that path, then returns null
 * so the caller can carry on and find the next problem instead of stopping at the first.
 *
 * <p>Values are read straight from the Jackson tree rather than bound to classes: binding errors lose the
 * path and stop at the first mistake.
 */
final class ConfigNode {

  private final JsonNode node;
  private final String path;
  private final Map<String, String> env;
  private final Problems problems;

  private ConfigNode(JsonNode node, String path, Map<String, String> env, Problems problems) {
    this.node = node == null ? MissingNode.getInstance() : node;
    this.path = path;
    this.env = env;
    this.problems = problems;
  }

  static ConfigNode root(JsonNode node, Map<String, String> env, Problems problems) {
    return new ConfigNode(node, "", env, problems);
  }

  JsonNode raw() {
    return node;
  }

  String path() {
    return path;
  }

  /** Not written, or written with no value ({@code key:} or {@code key: null}); both mean "use the default". */
  boolean isAbsent() {
    return node.isMissingNode() || node.isNull();
  }

  ConfigNode get(String key) {
    JsonNode child = node.isObject() ? node.get(key) : null;
    return new ConfigNode(child, path.isEmpty() ? key : path + "." + key, env, problems);
  }

  void problem(String message, String fix) {
    problems.add(path, message, fix);
  }

  /** True for a mapping, without reporting anything (for values that may be a string or a mapping). */
  boolean isObject() {
    return node.isObject();
  }

  /** True for a mapping; reports a wrong type; absent gives false silently. */
  boolean isMapping(String fix) {
    if (node.isObject()) {
      return true;
    }
    if (!isAbsent()) {
      problem("expected a mapping (key: value lines), got " + describe(node), fix);
    }
    return false;
  }

  /** The items of a list; absent is an empty list; a wrong type is reported and gives an empty list. */
  List<ConfigNode> items(String fix) {
    List<ConfigNode> out = new ArrayList<>();
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        out.add(new ConfigNode(node.get(i), path + "[" + i + "]", env, problems));
      }
    } else if (!isAbsent()) {
      problem("expected a list, got " + describe(node), fix);
    }
    return out;
  }

  /** Key and value of each entry of a mapping (for maps with free-form keys such as headers). */
  List<Map.Entry<String, ConfigNode>> entries() {
    List<Map.Entry<String, ConfigNode>> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      out.add(Map.entry(e.getKey(), get(e.getKey())));
    }
    return out;
  }

  /**
   * Reports every key of this mapping that is not allowed. Keys in {@code notYet} are planned features and get
   * "not supported yet" with their own fix instead of "unknown key".
   */
  void checkKeys(Collection<String> allowed, Map<String, String> notYet) {
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String key = e.getKey();
      if (allowed.contains(key)) {
        continue;
      }
      ConfigNode child = get(key);
      if (notYet.containsKey(key)) {
        child.problem("\"" + key + "\" is not supported yet", notYet.get(key));
      } else {
        child.problem("unknown key \"" + key + "\"" + Suggestions.didYouMean(key, allowed),
            "allowed keys here: " + String.join(", ", allowed));
      }
    }
  }

  /**
   * The value as text with {@code ${ENV}} expanded, or null when absent, blank after expansion, or wrong
   * (reported). Blank counts as absent so that {@code ${X:-}} means "use the default".
   */
  String text() {
    String s = resolve();
    return s == null || s.isBlank() ? null : s;
  }

  /** Like {@link #text()} but absence is a problem too. */
  String requiredText(String fix) {
    if (isAbsent()) {
      problem("is required", fix);
      return null;
    }
    String s = resolve();
    if (s != null && s.isBlank()) {
      problem("must not be empty", fix);
      return null;
    }
    return s;
  }

  /** A whole number in [min, max], or null when absent or wrong (reported). */
  Long integer(long min, long max, String fix) {
    if (isAbsent()) {
      return null;
    }
    long value;
    if (node.isIntegralNumber()) {
      if (!node.canConvertToLong()) {
        problem(node.asText() + " is out of range", fix);
        return null;
      }
      value = node.longValue();
    } else {
      String s = resolve();
      if (s == null || s.isBlank()) {
        return null; // ${PORT:-} means "use the default", as for text
      }
      try {
        value = Long.parseLong(s.strip());
      } catch (NumberFormatException e) {
        problem("expected a whole number, got " + (node.isTextual() ? "\"" + s + "\"" : describe(node)), fix);
        return null;
      }
    }
    if (value < min || value > max) {
      problem(max >= Integer.MAX_VALUE
          ? "must be at least " + min + ", got " + value
          : "must be between " + min + " and " + max + ", got " + value, fix);
      return null;
    }
    return value;
  }

  /**
   * The items of a list of names, each stripped and paired with its node for later problems; absent is an
   * empty list. Items that are missing, empty or not text are reported and left out.
   */
  List<Named> names(String listFix, String itemFix) {
    List<Named> out = new ArrayList<>();
    for (ConfigNode item : items(listFix)) {
      String s = item.requiredText(itemFix);
      if (s != null) {
        out.add(new Named(item, s.strip()));
      }
    }
    return out;
  }

  /** A name read from a list, with the node it came from. */
  record Named(ConfigNode node, String value) {}

  /**
   * true or false, or null when absent or wrong (reported). YAML's own booleans count, and so does the text
   * {@code true} / {@code false} in any case, so that {@code "${FLAG}"} works.
   */
  Boolean bool(String fix) {
    if (isAbsent()) {
      return null;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    String s = resolve();
    if (s == null || s.isBlank()) {
      return null; // ${FLAG:-} means "use the default", as for text
    }
    switch (s.strip().toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        problem("expected true or false, got " + (node.isTextual() ? "\"" + s + "\"" : describe(node)), fix);
        return null;
    }
  }

  /**
   * One of {@code allowed} (lower-case names), matched ignoring case, or null when absent or wrong: an unknown
   * value is reported as "unknown {@code what}" with the closest allowed one and the full list.
   */
  String oneOf(List<String> allowed, String what) {
    String s = text();
    if (s == null) {
      return null;
    }
    String value = s.strip().toLowerCase(Locale.ROOT);
    if (allowed.contains(value)) {
      return value;
    }
    problem("unknown " + what + " \"" + s.strip() + "\"" + Suggestions.didYouMean(value, allowed),
        "use one of: " + String.join(", ", allowed));
    return null;
  }

  /** A positive duration ({@link Durations}), or null when absent or wrong (reported). */
  Duration duration() {
    String s = text();
    if (s == null) {
      return null;
    }
    try {
      Duration d = Durations.parse(s);
      if (d.isZero()) {
        problem("must be longer than 0", Durations.FORMAT);
        return null;
      }
      return d;
    } catch (IllegalArgumentException e) {
      problem(e.getMessage(), Durations.FORMAT);
      return null;
    }
  }

  /** A size in bytes ({@link ByteSizes}) in [1, max], or null when absent or wrong (reported). */
  Long byteSize(long max, String tooLarge) {
    String s = text();
    if (s == null) {
      return null;
    }
    try {
      long bytes = ByteSizes.parse(s);
      if (bytes < 1) {
        problem("must be at least 1 byte", ByteSizes.FORMAT);
        return null;
      }
      if (bytes > max) {
        problem("\"" + s + "\" is too large", tooLarge);
        return null;
      }
      return bytes;
    } catch (IllegalArgumentException e) {
      problem(e.getMessage(), ByteSizes.FORMAT);
      return null;
    }
  }

  /** Scalar text with env expanded; null and a problem for a mapping/list or a failed expansion. */
  private String resolve() {
    if (isAbsent()) {
      return null;
    }
    if (!node.isValueNode()) {
      problem("expected a single value, got " + describe(node), "write a plain value here");
      return null;
    }
    if (!node.isTextual()) {
      return node.asText(); // numbers and booleans: nothing to expand
    }
    try {
      return EnvInterpolator.interpolate(node.textValue(), env);
    } catch (EnvInterpolator.InterpolationException e) {
      problem(e.getMessage(), e.fix);
      return null;
    }
  }

  static String describe(JsonNode n) {
    if (n.isObject()) {
      return "a mapping";
    }
    if (n.isArray()) {
      return "a list";
    }
    if (n.isTextual()) {
      return "the text \"" + n.textValue() + "\"";
    }
    if (n.isNull() || n.isMissingNode()) {
      return "nothing";
    }
    return n.isBoolean() ? "the boolean " + n.asText() : "the number " + n.asText();
  }
}
