package dev.sluice.server.config;

import static dev.sluice.server.config.ConfigTestSupport.onlyProblem;
import static dev.sluice.server.config.ConfigTestSupport.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvInterpolatorTest {

  private static final Map<String, String> ENV = Map.of("KEY", "sk-123", "EMPTY", "");

  private static String expand(String raw) throws EnvInterpolator.InterpolationException {
    return EnvInterpolator.interpolate(raw, ENV);
  }

  @Test
  void setVariableIsSubstitutedAnywhereInTheString() throws Exception {
    assertThat(expand("${KEY}")).isEqualTo("sk-123");
    assertThat(expand("Bearer ${KEY}!")).isEqualTo("Bearer sk-123!");
    assertThat(expand("${KEY}${KEY}")).isEqualTo("sk-123sk-123");
    assertThat(expand("no references, $5 and $ alone")).isEqualTo("no references, $5 and $ alone");
  }

  @Test
  void defaultAppliesWhenUnsetOrEmpty() throws Exception {
    assertThat(expand("${MISSING:-fallback}")).isEqualTo("fallback");
    assertThat(expand("${EMPTY:-fallback}")).isEqualTo("fallback");
    assertThat(expand("${KEY:-fallback}")).isEqualTo("sk-123");
    assertThat(expand("${MISSING:-}")).isEmpty();
    assertThat(expand("${MISSING:-http://h:1/v1}")).isEqualTo("http://h:1/v1");
  }

  @Test
  void doubleDollarEscapesALiteralReference() throws Exception {
    assertThat(expand("$${KEY}")).isEqualTo("${KEY}");
    assertThat(expand("a$${b}c${KEY}")).isEqualTo("a${b}csk-123");
  }

  @Test
  void substitutedValuesAreNotExpandedAgain() throws Exception {
    assertThat(EnvInterpolator.interpolate("${A}", Map.of("A", "${KEY}"))).isEqualTo("${KEY}");
  }

  @Test
  void unsetWithoutDefaultNamesTheVariable() {
    assertThatThrownBy(() -> expand("${NOPE}"))
        .isInstanceOf(EnvInterpolator.InterpolationException.class)
        .hasMessageContaining("NOPE is not set");
  }

  @Test
  void malformedReferencesAreRejected() {
    assertThatThrownBy(() -> expand("${KEY")).hasMessageContaining("without a closing");
    assertThatThrownBy(() -> expand("${1BAD}")).hasMessageContaining("not a valid");
    assertThatThrownBy(() -> expand("${}")).hasMessageContaining("not a valid");
    assertThatThrownBy(() -> expand("${A:-${B}}")).hasMessageContaining("nested");
  }

  @Test
  void unsetVariableInAFileIsAProblemAtItsPath() {
    ConfigProblem p = onlyProblem("""
        providers:
          - name: openai
            preset: openai
            api_key: ${OPENAI_API_KEY}
        """, "providers[0].api_key", "OPENAI_API_KEY is not set");
    assertThat(p.fix()).contains("${OPENAI_API_KEY:-}");
    assertThat(p.render()).isEqualTo("sluice.yaml: providers[0].api_key: environment variable OPENAI_API_KEY is"
        + " not set. Fix: export OPENAI_API_KEY=..., or write ${OPENAI_API_KEY:-} to make it optional");
  }

  @Test
  void everyUnsetVariableIsReported() {
    var problems = ConfigTestSupport.problems("""
        server:
          port: ${PORT}
        providers:
          - name: a
            base_url: ${A_URL}
            api_key: ${A_KEY}
        """);
    assertThat(problems).extracting(ConfigProblem::path)
        .containsExactly("server.port", "providers[0].base_url", "providers[0].api_key");
  }

  @Test
  void numbersAndDurationsCanComeFromTheEnvironment() {
    SluiceConfig c = parse("""
        server:
          port: ${PORT:-9000}
          max_body: ${BODY}
        routing:
          attempt_timeout: ${ATTEMPT:-30s}
        """, Map.of("BODY", "1MiB"));
    assertThat(c.server().port()).isEqualTo(9000);
    assertThat(c.server().maxBodyBytes()).isEqualTo(1 << 20);
    assertThat(c.routing().attemptTimeout()).hasSeconds(30);
  }

  @Test
  void optionalValueExpandingToNothingMeansAbsent() {
    SluiceConfig c = parse("""
        server:
          port: ${PORT:-}
        providers:
          - name: local
            preset: vllm
            api_key: ${VLLM_KEY:-}
        """);
    assertThat(c.server().port()).isEqualTo(8080);
    assertThat(c.provider("local").apiKey()).isNull();
  }

  @Test
  void escapeSurvivesIntoTheValue() {
    SluiceConfig c = parse("""
        providers:
          - name: local
            preset: vllm
            headers:
              X-Template: "$${user}"
        """);
    assertThat(c.provider("local").headers()).containsEntry("X-Template", "${user}");
  }
}
