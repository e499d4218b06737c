package dev.sluice.server.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.error.ErrorKind;
import dev.sluice.core.error.GatewayException;
import dev.sluice.server.admission.ScopeType;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LimitInputTest {
  private static final Predicate<String> KNOWN = m -> m.equals("smart") || m.startsWith("openai/");

  @Test
  void scopesOfEveryTypeParse() {
    assertThat(LimitInput.parse("team:ml", "rpm", 60L, KNOWN))
        .isEqualTo(new LimitInput(new LimitScope(ScopeType.TEAM, "ml"), LimitKind.RPM, 60));
    assertThat(LimitScope.parse("key:key_3f9a").isEach()).isFalse();
    assertThat(LimitScope.parse("key:*").isEach()).isTrue();
    assertThat(LimitScope.parse("tag:cost_center=cc-42").tagName()).isEqualTo("cost_center");
    assertThat(LimitScope.parse("tag:cost_center=*").isEach()).isTrue();
    assertThat(LimitInput.parse("model:openai/gpt-4o", "tpm", 1000L, KNOWN).scope().id()).isEqualTo("openai/gpt-4o");
    assertThat(LimitInput.parse("model:smart", "concurrency", 5L, KNOWN).kind()).isEqualTo(LimitKind.CONCURRENCY);
    assertThat(LimitInput.parse("model:*", "rpm", 5L, KNOWN).scope().isEach()).isTrue();
    assertThat(LimitScope.parse("org:acme").toString()).isEqualTo("org:acme");
  }

  @ParameterizedTest(name = "{0} {1} {2} → {3}")
  @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
      team:ml          | rpm          | 0     | limit | positive integer
      team:ml          | rpm          | -5    | limit | positive integer
      team:ml          | rpm          | null  | limit | required
      team:ml          | rph          | 60    | kind  | "rph" is unknown
      team:ml          | null         | 60    | kind  | required
      team             | rpm          | 60    | scope | type:id
      null             | rpm          | 60    | scope | required
      planet:mars      | rpm          | 60    | scope | scope type "planet" is unknown
      team:            | rpm          | 60    | scope | empty
      team:m l         | rpm          | 60    | scope | whitespace
      key:sk-sluice-x  | rpm          | 60    | scope | secret key
      key:alice        | rpm          | 60    | scope | key_
      tag:cost_center  | rpm          | 60    | scope | name=value
      tag:=x           | rpm          | 60    | scope | name=value
      model:gpt-5      | rpm          | 60    | scope | neither a model alias nor provider/model
      model:groq/llama | rpm          | 60    | scope | neither a model alias nor provider/model
      """)
  void badInputIsA400NamingTheField(String scope, String kind, Long limit, String param, String message) {
    assertThatThrownBy(() -> LimitInput.parse(scope, kind, limit, KNOWN))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
          assertThat(e.param()).isEqualTo(param);
          assertThat(e.getMessage()).contains(message);
        });
  }

  @Test
  void aPastedSecretKeyIsNeverEchoed() {
    assertThatThrownBy(() -> LimitInput.parse("key:sk-sluice-abcdef123", "rpm", 1L, KNOWN))
        .hasMessageNotContaining("abcdef123");
  }

  @Test
  void limitsTooLargeForTheArithmeticAreRefused() {
    assertThatThrownBy(() -> LimitInput.parse("team:ml", "tpm", LimitInput.MAX_LIMIT + 1, KNOWN))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.param()).isEqualTo("limit"));
  }
}
