package dev.sluice.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;

/** Shared helpers: parse text blocks and look at the problems they produce. */
final class ConfigTestSupport {

  static final String FILE = "sluice.yaml";
  static final String ADMIN_KEY = "0123456789abcdef0123456789abcdef";

  private ConfigTestSupport() {}

  static SluiceConfig parse(String yaml) {
    return parse(yaml, Map.of());
  }

  static SluiceConfig parse(String yaml, Map<String, String> env) {
    return ConfigLoader.parse(yaml, FILE, env);
  }

  static List<ConfigProblem> problems(String yaml) {
    return problems(yaml, Map.of());
  }

  static List<ConfigProblem> problems(String yaml, Map<String, String> env) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(yaml, env));
    assertThat(e).as("expected a ConfigException for:\n%s", yaml).isNotNull();
    return e.problems();
  }

  /** The one problem at {@code path}, after checking it has a message containing {@code text} and a fix. */
  static ConfigProblem problemAt(List<ConfigProblem> problems, String path, String text) {
    List<ConfigProblem> at = problems.stream().filter(p -> p.path().equals(path)).toList();
    assertThat(at).as("problems at %s among %s", path, problems).hasSize(1);
    ConfigProblem p = at.get(0);
    assertThat(p.file()).isEqualTo(FILE);
    assertThat(p.message()).contains(text);
    assertThat(p.fix()).as("fix for %s", p).isNotBlank();
    return p;
  }

  static ConfigProblem onlyProblem(String yaml, String path, String text) {
    List<ConfigProblem> problems = problems(yaml);
    assertThat(problems).as("problems").hasSize(1);
    return problemAt(problems, path, text);
  }
}
