package dev.sluice.server.config;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Expands {@code ${NAME}} and {@code ${NAME:-default}} in one configuration string; {@code $${} stands for a
 * literal {@code ${}. Secrets stay out of the file this way.
 *
 * <p>Runs on parsed YAML string values, not on the raw file text, so a value can never change the YAML
 * structure and every failure can name the path of the value. A substituted value is not expanded again:
 * an environment variable holding {@code ${X}} stays literal.
 */
final class EnvInterpolator {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private EnvInterpolator() {}

  /** A reference that cannot be expanded; message and fix go into a {@link ConfigProblem}. */
  static final class InterpolationException extends Exception {
    final String fix;

    InterpolationException(String message, String fix) {
      super(message, null, false, false);
      this.fix = fix;
    }
  }

  static String interpolate(String raw, Map<String, String> env) throws InterpolationException {
    if (raw.indexOf('$') < 0) {
      return raw;
    }
    StringBuilder out = new StringBuilder(raw.length());
    int i = 0;
    while (i < raw.length()) {
      if (raw.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (raw.startsWith("${", i)) {
        int close = raw.indexOf('}', i + 2);
        if (close < 0) {
          throw new InterpolationException(
              "\"" + raw + "\" has a \"${\" without a closing \"}\"",
              "close the reference as ${NAME}, or write $${ for a literal ${");
        }
        out.append(expand(raw.substring(i + 2, close), env));
        i = close + 1;
      } else {
        out.append(raw.charAt(i));
        i++;
      }
    }
    return out.toString();
  }

  private static String expand(String expr, Map<String, String> env) throws InterpolationException {
    int sep = expr.indexOf(":-");
    String name = sep < 0 ? expr : expr.substring(0, sep);
    String fallback = sep < 0 ? null : expr.substring(sep + 2);
    if (!NAME.matcher(name).matches()) {
      throw new InterpolationException(
          "\"${" + expr + "}\" is not a valid environment variable reference",
          "use ${NAME} or ${NAME:-default} with NAME made of letters, digits and _, or write $${ for a literal ${");
    }
    if (fallback != null && fallback.contains("${")) {
      throw new InterpolationException(
          "nested reference in \"${" + expr + "}\" is not supported",
          "use a literal default, as in ${" + name + ":-value}");
    }
    String value = env.get(name);
    // shell semantics: ":-" takes the default when the variable is unset or empty
    if (fallback != null && (value == null || value.isEmpty())) {
      return fallback;
    }
    if (value == null) {
      throw new InterpolationException(
          "environment variable " + name + " is not set",
          "export " + name + "=..., or write ${" + name + ":-} to make it optional");
    }
    return value;
  }
}
