package dev.sluice.core.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.canonical.ChatResponse;
import dev.sluice.core.canonical.FinishReason;
import dev.sluice.core.canonical.Part;
import dev.sluice.core.error.ErrorKind;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.model.Usage;
import dev.sluice.core.model.UsageSource;
import dev.sluice.core.stream.Fixtures;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AnthropicResponseDecoderTest {
  private final AnthropicCodec codec = AnthropicStreams.codec();

  private ChatResponse decode(String json) {
    return codec.decodeChat(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void decodesATextMessage() {
    ChatResponse r = codec.decodeChat(Fixtures.bytes("anthropic/message.json"));
    assertThat(r.id()).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
    assertThat(r.model()).isEqualTo("claude-sonnet-4-20250514");
    assertThat(r.content()).containsExactly(Part.Text.of("Hello! How can I help you today?"));
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(r.stopSequence()).isNull();
    assertThat(r.usage()).isEqualTo(new Usage(12, 0, 0, 12, 0, UsageSource.REPORTED));
  }

  @Test
  void decodesAToolUseMessageWithItsInputAsArgumentsText() {
    ChatResponse r = codec.decodeChat(Fixtures.bytes("anthropic/message-tool-use.json"));
    assertThat(r.content()).containsExactly(
        Part.Text.of("I'll check the current weather in Paris."),
        new Part.ToolCall("toolu_01A09q90qw90lq917835lq9", "get_weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}"));
    assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(r.usage()).isEqualTo(new Usage(412, 0, 0, 71, 0, UsageSource.REPORTED));
  }

  @Test
  void decodesThinkingWithItsSignature() {
    ChatResponse r = codec.decodeChat(Fixtures.bytes("anthropic/message-thinking.json"));
    assertThat(r.content()).containsExactly(
        new Part.Reasoning("17 * 23 = 17 * 20 + 17 * 3 = 340 + 51 = 391.",
            "EqQBCkgIARABGAIiQL8xZ...truncated-opaque-signature...", null),
        Part.Text.of("391"));
    assertThat(r.usage()).isEqualTo(new Usage(48, 0, 0, 96, 0, UsageSource.REPORTED));
  }

  @Test
  void inputTokensIncludeCacheReadsAndWrites() {
    ChatResponse r = decode("""
        {"id":"msg_1","type":"message","model":"m","content":[{"type":"text","text":"x"}],
         "stop_reason":"end_turn","usage":{"input_tokens":10,"cache_creation_input_tokens":20,
         "cache_read_input_tokens":30,"output_tokens":4}}""");
    assertThat(r.usage()).isEqualTo(new Usage(60, 30, 20, 4, 0, UsageSource.REPORTED));
  }

  @Test
  void redactedThinkingAndUnknownBlocks() {
    ChatResponse r = decode("""
        {"id":"msg_1","model":"m","content":[{"type":"redacted_thinking","data":"abc"},
         {"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{}},
         {"type":"text","text":"done"}],"stop_reason":"pause_turn","usage":{"input_tokens":1,"output_tokens":1}}""");
    assertThat(r.content()).containsExactly(new Part.Reasoning(null, null, "abc"), Part.Text.of("done"));
    assertThat(r.finishReason()).isEqualTo(FinishReason.OTHER);
  }

  @Test
  void stopReasonsMap() {
    assertThat(AnthropicStopReasons.toFinishReason("end_turn")).isEqualTo(FinishReason.STOP);
    assertThat(AnthropicStopReasons.toFinishReason("stop_sequence")).isEqualTo(FinishReason.STOP_SEQUENCE);
    assertThat(AnthropicStopReasons.toFinishReason("max_tokens")).isEqualTo(FinishReason.LENGTH);
    assertThat(AnthropicStopReasons.toFinishReason("tool_use")).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(AnthropicStopReasons.toFinishReason("refusal")).isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(AnthropicStopReasons.toFinishReason("model_context_window_exceeded")).isEqualTo(FinishReason.OTHER);
    assertThat(AnthropicStopReasons.toFinishReason(null)).isNull();
  }

  @Test
  void stopSequenceIsKept() {
    ChatResponse r = decode("""
        {"id":"msg_1","model":"m","content":[{"type":"text","text":"a"}],"stop_reason":"stop_sequence",
         "stop_sequence":"###","usage":{"input_tokens":1,"output_tokens":1}}""");
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP_SEQUENCE);
    assertThat(r.stopSequence()).isEqualTo("###");
  }

  @Test
  void theJsonAnswerToolBecomesTheAnswerText() {
    ChatResponse r = decode("""
        {"id":"msg_1","model":"m","content":[{"type":"tool_use","id":"toolu_1","name":"sluice_json_response",
         "input":{"answer":42,"why":["x"]}}],"stop_reason":"tool_use","usage":{"input_tokens":1,"output_tokens":1}}""");
    assertThat(r.content()).containsExactly(Part.Text.of("{\"answer\":42,\"why\":[\"x\"]}"));
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(r.toolCalls()).isEmpty();
  }

  @Test
  void aMissingUsageIsNone() {
    ChatResponse r = decode("{\"id\":\"msg_1\",\"model\":\"m\",\"content\":[],\"stop_reason\":\"end_turn\"}");
    assertThat(r.usage()).isEqualTo(Usage.NONE);
  }

  @Test
  void badBodiesAreUpstreamErrors() {
    assertThatThrownBy(() -> decode("{\"id\":")).isInstanceOfSatisfying(GatewayException.class, e -> {
      assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
      assertThat(e.getMessage()).contains("not valid JSON");
    });
    assertThatThrownBy(() -> decode("[1]")).isInstanceOfSatisfying(GatewayException.class,
        e -> assertThat(e.getMessage()).contains("not a JSON object"));
    assertThatThrownBy(() -> decode("{\"id\":\"msg_1\",\"content\":\"hi\"}")).isInstanceOfSatisfying(
        GatewayException.class, e -> assertThat(e.getMessage()).contains("no content array"));
    assertThatThrownBy(() -> codec.decodeChat(Fixtures.bytes("anthropic/error-404-model.json")))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
          assertThat(e.getMessage()).contains("model: claude-nonexistent");
        });
  }

  @Test
  void errorMessagesComeFromTheErrorObject() {
    assertThat(codec.errorMessage(401, Fixtures.bytes("anthropic/error-401.json"))).isEqualTo("invalid x-api-key");
    assertThat(codec.errorMessage(404, Fixtures.bytes("anthropic/error-404-model.json")))
        .isEqualTo("model: claude-nonexistent");
    assertThat(codec.errorMessage(502, "<html>Bad gateway</html>".getBytes(StandardCharsets.UTF_8))).isNull();
    assertThat(codec.errorMessage(500, new byte[0])).isNull();
    assertThat(AnthropicErrors.type(Fixtures.bytes("anthropic/error-401.json"))).isEqualTo("authentication_error");
    String longMessage = "x".repeat(5000);
    String body = "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"" + longMessage + "\"}}";
    assertThat(codec.errorMessage(500, body.getBytes(StandardCharsets.UTF_8))).hasSize(1003);
  }
}
