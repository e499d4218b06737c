package dev.sluice.core.provider.cohere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.canonical.ChatResponse;
import dev.sluice.core.canonical.FinishReason;
import dev.sluice.core.canonical.Part;
import dev.sluice.core.error.ErrorKind;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.model.Usage;
import dev.sluice.core.model.UsageSource;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CohereResponseDecoderTest {

  @Test
  void textFixture() {
    ChatResponse r = CohereResponseDecoder.decode(CohereFixtures.bytes("chat.json"));
    assertThat(r.id()).isEqualTo("c14c80c3-18eb-4519-9460-6c92edd8cfb4");
    assertThat(r.model()).isNull(); // Cohere's body names no model
    assertThat(r.content()).containsExactly(Part.Text.of("Hello! How can I help you today?"));
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(r.stopSequence()).isNull();
    assertThat(r.usage()).isEqualTo(new Usage(496, 0, 0, 11, 0, UsageSource.REPORTED));
  }

  @Test
  void toolCallFixtureGivesThePlanAsReasoningThenTheCall() {
    ChatResponse r = CohereResponseDecoder.decode(CohereFixtures.bytes("chat-tool-calls.json"));
    assertThat(r.id()).isEqualTo("8ec1a2b3-47d6-4c1e-9f0a-2d3e4f5a6b7c");
    assertThat(r.content()).containsExactly(
        new Part.Reasoning("I will look up the current weather in Paris.", null, null),
        new Part.ToolCall("get_weather_7x2kq9m1vb4d", "get_weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}"));
    assertThat(r.text()).isEmpty();
    assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(r.usage()).isEqualTo(new Usage(1120, 0, 0, 54, 0, UsageSource.REPORTED));
  }

  @Test
  void thinkingItemsComeFirstThenTextThenCalls() {
    ChatResponse r = decode("""
        {"id":"x","finish_reason":"COMPLETE","message":{"role":"assistant",
         "content":[{"type":"text","text":"A"},{"type":"thinking","thinking":"hmm"},{"type":"text","text":"B"},
                    {"type":"citation-ish","foo":1}],
         "tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":{"a":1}}},
                       {"id":"c2","type":"function","function":{"name":"g"}}]}}""");
    assertThat(r.content()).containsExactly(new Part.Reasoning("hmm", null, null), Part.Text.of("A"),
        Part.Text.of("B"), new Part.ToolCall("c1", "f", "{\"a\":1}"), new Part.ToolCall("c2", "g", "{}"));
    assertThat(r.usage()).isEqualTo(Usage.NONE);
  }

  @Test
  void finishReasonsMapAsDocumented() {
    assertThat(finish("\"COMPLETE\"")).isEqualTo(FinishReason.STOP);
    assertThat(finish("\"STOP_SEQUENCE\"")).isEqualTo(FinishReason.STOP_SEQUENCE);
    assertThat(finish("\"MAX_TOKENS\"")).isEqualTo(FinishReason.LENGTH);
    assertThat(finish("\"TOOL_CALL\"")).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(finish("\"ERROR\"")).isEqualTo(FinishReason.ERROR);
    assertThat(finish("\"TIMEOUT\"")).isEqualTo(FinishReason.OTHER);
    assertThat(finish("null")).isNull();
  }

  @Test
  void usageFallsBackToBilledUnitsAndReadsCachedTokens() {
    ChatResponse billedOnly = decode("""
        {"id":"x","message":{"content":[]},"usage":{"billed_units":{"input_tokens":5,"output_tokens":9}}}""");
    assertThat(billedOnly.usage()).isEqualTo(new Usage(5, 0, 0, 9, 0, UsageSource.REPORTED));

    ChatResponse mixed = decode("""
        {"id":"x","message":{"content":[]},"usage":{"billed_units":{"input_tokens":5,"output_tokens":9},
         "tokens":{"input_tokens":70.0},"cached_tokens":64}}""");
    assertThat(mixed.usage()).isEqualTo(new Usage(70, 64, 0, 9, 0, UsageSource.REPORTED));

    ChatResponse cachedAboveInput = decode("""
        {"id":"x","message":{"content":[]},"usage":{"tokens":{"input_tokens":10,"output_tokens":1},
         "cached_tokens":99}}""");
    assertThat(cachedAboveInput.usage().cacheReadTokens()).isEqualTo(10);

    ChatResponse empty = decode("""
        {"id":"x","message":{"content":[]},"usage":{"tokens":{"input_tokens":"many"}}}""");
    assertThat(empty.usage()).isEqualTo(Usage.NONE);
  }

  @Test
  void malformedBodiesAreUpstreamErrors() {
    for (String body : new String[] {"", "{", "[]", "\"text\"", "{\"id\":\"x\"}", "{\"message\":\"oops\"}",
        "{\"message\":{\"content\":{\"type\":\"text\"}}}", "{\"message\":{\"content\":[{\"text\":\"no type\"}]}}",
        "{\"message\":{\"tool_calls\":{}}}", "{\"message\":{\"tool_calls\":[{\"function\":{\"name\":\"f\"}}]}}",
        "{\"message\":{\"tool_calls\":[{\"id\":\"c\",\"function\":\"f\"}]}}"}) {
      assertThatThrownBy(() -> decode(body)).as(body).isInstanceOfSatisfying(GatewayException.class, e -> {
        assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
        assertThat(e.getMessage()).startsWith("Cohere answered");
      });
    }
  }

  private static FinishReason finish(String reason) {
    return decode("{\"id\":\"x\",\"message\":{\"content\":[]},\"finish_reason\":" + reason + "}").finishReason();
  }

  private static ChatResponse decode(String body) {
    return CohereResponseDecoder.decode(body.getBytes(StandardCharsets.UTF_8));
  }
}
