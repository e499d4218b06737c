package dev.sluice.server.config;

/**
 * One thing wrong with a configuration, precise enough to fix without reading code.
 *
 * @param file the configuration file as given (or "built-in defaults")
 * @param path where in the file, e.g. {@code providers[2].base_url}, {@code line 3, column 5} for syntax
 *     errors, an environment variable name for problems that come from the environment, or "" for the file
 *     as a whole
 * @param message what is wrong
 * @param fix what to do about it, or null when there is nothing useful to say
 */
public record ConfigProblem(String file, String path, String message, String fix) {

  /** {@code <file>: <path>: <message>. Fix: <fix>}, leaving out the parts that are empty. */
  public String render() {
    StringBuilder out = new StringBuilder(file);
    if (path != null && !path.isEmpty()) {
      out.append(": ").append(path);
    }
    out.append(": ").append(stripPeriod(message));
    if (fix != null && !fix.isBlank()) {
      out.append(". Fix: ").append(stripPeriod(fix));
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return render();
  }

  // messages are written without a final period so that the rendered line has exactly one between parts
  private static String stripPeriod(String s) {
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }
}
