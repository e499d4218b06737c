package dev.sluice.core.dialect.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.ChatResponse;
import dev.sluice.core.canonical.FinishReason;
import dev.sluice.core.canonical.Message;
import dev.sluice.core.canonical.Part;
import dev.sluice.core.canonical.Role;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.model.Usage;
import dev.sluice.core.model.UsageSource;
import dev.sluice.core.provider.anthropic.AnthropicStreams;
import dev.sluice.core.stream.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AnthropicResponseEncoderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final AnthropicDialect dialect = new AnthropicDialect(() -> "msg_generated");

  private static ChatRequest request(String model) {
    return new ChatRequest(model, List.of(), List.of(Message.text(Role.USER, "Hi")), 100, null, null, null, null,
        null, null, null, null, null, null, null, null, false, false, null, null);
  }

  private JsonNode encode(ChatResponse response, String model) {
    return json(dialect.encodeResponse(response, request(model)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"message.json", "message-tool-use.json", "message-thinking.json"})
  void aDecodedFixtureEncodesBackToTheFixture(String fixture) {
    byte[] bytes = Fixtures.bytes("anthropic/" + fixture);
    ChatResponse response = AnthropicStreams.codec().decodeChat(bytes);
    ObjectNode expected = (ObjectNode) json(bytes);
    // what other providers cannot tell us: the TTL split of cache writes, the service tier
    ((ObjectNode) expected.get("usage")).remove(List.of("cache_creation", "service_tier"));
    assertThat(encode(response, "claude-sonnet-4-20250514")).isEqualTo(expected);
  }

  @Test
  void anOpenAiAnswerBecomesAnAnthropicMessage() {
    ChatResponse response = new ChatResponse("chatcmpl-123", "gpt-4o-2024-08-06", List.of(
        new Part.Reasoning("thought", null, null),
        Part.Text.of(""),
        Part.Text.of("Calling."),
        new Part.ToolCall("call_1", "f", "{\"a\":[1,2]}"),
        new Part.ToolCall("call_2", "g", "not json"),
        new Part.Image("https://x/y.png", null, null, null)),
        FinishReason.TOOL_CALLS, null, new Usage(100, 30, 20, 7, 2, UsageSource.REPORTED));
    assertThat(encode(response, "smart")).isEqualTo(json("""
        {"id":"msg_chatcmpl-123","type":"message","role":"assistant","model":"smart",
         "content":[{"type":"thinking","thinking":"thought","signature":""},
           {"type":"text","text":"Calling."},
           {"type":"tool_use","id":"call_1","name":"f","input":{"a":[1,2]}},
           {"type":"tool_use","id":"call_2","name":"g","input":{}}],
         "stop_reason":"tool_use","stop_sequence":null,
         "usage":{"input_tokens":50,"cache_creation_input_tokens":20,"cache_read_input_tokens":30,"output_tokens":7}}"""));
  }

  @Test
  void stopReasonsStopSequenceAndMissingIds() {
    ChatResponse response = new ChatResponse(null, "m", List.of(Part.Text.of("a")), FinishReason.STOP_SEQUENCE, "###",
        Usage.NONE);
    JsonNode message = encode(response, "m");
    assertThat(message.get("id").asText()).isEqualTo("msg_generated");
    assertThat(message.get("stop_reason").asText()).isEqualTo("stop_sequence");
    assertThat(message.get("stop_sequence").asText()).isEqualTo("###");
    assertThat(message.get("usage")).isEqualTo(json(
        "{\"input_tokens\":0,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":0}"));
    assertThat(encode(withReason(FinishReason.LENGTH), "m").get("stop_reason").asText()).isEqualTo("max_tokens");
    assertThat(encode(withReason(FinishReason.CONTENT_FILTER), "m").get("stop_reason").asText()).isEqualTo("refusal");
    assertThat(encode(withReason(FinishReason.OTHER), "m").get("stop_reason").asText()).isEqualTo("end_turn");
    assertThat(encode(withReason(null), "m").get("stop_reason").asText()).isEqualTo("end_turn");
  }

  @Test
  void randomFallbackIdsLookLikeAnthropicIds() {
    assertThat(AnthropicDialect.randomMessageId()).matches("msg_[0-9A-Za-z]{24}");
    assertThat(AnthropicDialect.randomMessageId()).isNotEqualTo(AnthropicDialect.randomMessageId());
  }

  @Test
  void errorBodiesUseAnthropicsShapeAndTypes() {
    assertThat(json(dialect.errorBody(GatewayException.rateLimited("Slow down.", 3)))).isEqualTo(json(
        "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Slow down.\"}}"));
    assertThat(json(dialect.errorBody(GatewayException.invalidRequest("max_tokens: Field required", "max_tokens"))))
        .isEqualTo(json("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"max_tokens: Field required\"}}"));
    assertThat(json(dialect.errorBody(GatewayException.overloaded("Busy.", null))).at("/error/type").asText())
        .isEqualTo("overloaded_error");
    assertThat(json(dialect.errorBody(GatewayException.insufficientQuota("Budget spent."))).at("/error/type").asText())
        .isEqualTo("billing_error");
  }

  private static ChatResponse withReason(FinishReason reason) {
    return new ChatResponse("msg_1", "m", List.of(Part.Text.of("a")), reason, null, Usage.NONE);
  }

  private static JsonNode json(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode json(String s) {
    try {
      return JSON.readTree(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
