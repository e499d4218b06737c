package dev.sluice.core.provider.bedrock;

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

/** The {@code converse*.json} fixtures, and bodies that are not answers. */
class BedrockResponseDecoderTest {
  private static ChatResponse decode(String json) {
    return BedrockResponseDecoder.decode(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void textAnswer() {
    ChatResponse r = BedrockResponseDecoder.decode(BedrockFixtures.bytes("converse.json"));

    assertThat(r.content()).containsExactly(Part.Text.of("Hello! How can I help you today?"));
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(r.stopSequence()).isNull();
    assertThat(r.usage()).isEqualTo(new Usage(12, 0, 0, 12, 0, UsageSource.REPORTED));
    assertThat(r.id()).isNull();
    assertThat(r.model()).isNull();
  }

  @Test
  void toolUseAnswer_keepsTheTextAndTheCallWithObjectArguments() {
    ChatResponse r = BedrockResponseDecoder.decode(BedrockFixtures.bytes("converse-tool-use.json"));

    assertThat(r.content()).containsExactly(Part.Text.of("I'll check the current weather in Paris."),
        new Part.ToolCall("tooluse_kZJMlvQmRJ6eAyJE5GIl7Q", "get_weather",
            "{\"city\":\"Paris\",\"unit\":\"celsius\"}"));
    assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(r.usage()).isEqualTo(new Usage(412, 0, 0, 71, 0, UsageSource.REPORTED));
  }

  @Test
  void reasoningAnswer_keepsTheSignature() {
    ChatResponse r = BedrockResponseDecoder.decode(BedrockFixtures.bytes("converse-reasoning.json"));

    assertThat(r.content()).containsExactly(
        new Part.Reasoning("17 * 23 = 340 + 51 = 391.", "EqQBCkgIARAB...opaque...", null), Part.Text.of("391"));
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(r.usage().outputTokens()).isEqualTo(96);
    assertThat(r.usage().reasoningTokens()).isZero(); // Bedrock does not split reasoning out
  }

  @Test
  void cacheTokens_areAddedToInput_becauseBedrocksInputTokensExcludesThem() {
    ChatResponse r = decode("""
        {"output":{"message":{"role":"assistant","content":[{"text":"ok"}]}},"stopReason":"end_turn",
         "usage":{"inputTokens":24,"outputTokens":232,"totalTokens":1912,
                  "cacheReadInputTokens":0,"cacheWriteInputTokens":1656}}""");
    assertThat(r.usage()).isEqualTo(new Usage(1680, 0, 1656, 232, 0, UsageSource.REPORTED));
    assertThat(r.usage().totalTokens()).isEqualTo(1912);
  }

  @Test
  void redactedReasoning_andStopSequence() {
    ChatResponse r = decode("""
        {"output":{"message":{"role":"assistant","content":[
           {"reasoningContent":{"redactedContent":"b3BhcXVl"}},{"text":"Counting: 1, 2"}]}},
         "stopReason":"stop_sequence","additionalModelResponseFields":{"stop_sequence":", 3"},
         "usage":{"inputTokens":5,"outputTokens":7,"totalTokens":12}}""");
    assertThat(r.content()).containsExactly(new Part.Reasoning(null, null, "b3BhcXVl"), Part.Text.of("Counting: 1, 2"));
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP_SEQUENCE);
    assertThat(r.stopSequence()).isEqualTo(", 3");
  }

  @Test
  void jsonOutputTool_comesBackAsText_andStop() {
    ChatResponse r = decode("""
        {"output":{"message":{"role":"assistant","content":[
           {"toolUse":{"toolUseId":"t1","name":"sluice_json_output","input":{"answer":"42"}}}]}},
         "stopReason":"tool_use","usage":{"inputTokens":5,"outputTokens":7,"totalTokens":12}}""");
    assertThat(r.content()).containsExactly(Part.Text.of("{\"answer\":\"42\"}"));
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
  }

  @Test
  void stopReasons_mapToCanonical() {
    assertThat(BedrockStopReasons.toFinishReason("max_tokens", false)).isEqualTo(FinishReason.LENGTH);
    assertThat(BedrockStopReasons.toFinishReason("model_context_window_exceeded", false))
        .isEqualTo(FinishReason.LENGTH);
    assertThat(BedrockStopReasons.toFinishReason("guardrail_intervened", false))
        .isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(BedrockStopReasons.toFinishReason("content_filtered", false)).isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(BedrockStopReasons.toFinishReason("tool_use", false)).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(BedrockStopReasons.toFinishReason("something_new", false)).isEqualTo(FinishReason.OTHER);
    assertThat(BedrockStopReasons.toFinishReason(null, false)).isEqualTo(FinishReason.OTHER);
  }

  @Test
  void missingUsage_isNone() {
    ChatResponse r = decode("{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[]}},\"stopReason\":\"end_turn\"}");
    assertThat(r.usage()).isEqualTo(Usage.NONE);
    assertThat(r.content()).isEmpty();
  }

  @Test
  void notAnAnswer_isAnUpstreamError() {
    for (String body : new String[] {"<html>oops</html>", "{\"output\":{}}", "[]", "",
        "{\"output\":{\"message\":{\"content\":[{\"text\":7}]}}}",
        "{\"output\":{\"message\":{\"content\":[{\"toolUse\":{\"name\":\"x\"}}]}}}"}) {
      assertThatThrownBy(() -> decode(body)).as(body)
          .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
    }
  }
}
