package dev.sluice.server.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The configuration cannot be used. Carries every problem found, not just the first, so one round of edits
 * fixes them all; {@link #getMessage()} is ready to print, one problem per line.
 */
public final class ConfigException extends RuntimeException {

  private final List<ConfigProblem> problems;

  public ConfigException(List<ConfigProblem> problems) {
    super(render(problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /** Every problem, in the order found (roughly document order). */
  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String render(List<ConfigProblem> problems) {
    return problems.stream().map(ConfigProblem::render).collect(Collectors.joining("\n"));
  }
}
