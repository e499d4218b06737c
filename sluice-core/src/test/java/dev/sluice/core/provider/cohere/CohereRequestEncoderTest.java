package dev.sluice.core.provider.cohere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.Message;
import dev.sluice.core.canonical.Part;
import dev.sluice.core.canonical.ResponseFormat;
import dev.sluice.core.canonical.Role;
import dev.sluice.core.canonical.Thinking;
import dev.sluice.core.canonical.Tool;
import dev.sluice.core.canonical.ToolChoice;
import dev.sluice.core.error.ErrorKind;
import dev.sluice.core.error.GatewayException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CohereRequestEncoderTest {
  private static final JsonNode WEATHER_SCHEMA = json("""
      {"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""");
  private static final Tool WEATHER = new Tool("get_weather", "Weather for a city", WEATHER_SCHEMA);
  private static final Tool TIME = new Tool("get_time", null, null);

  @Test
  void everyFieldOfAFullRequest() {
    ChatRequest request = new ChatRequest("caller-alias",
        List.of(Part.Text.of("Be brief."), new Part.Text("Answer in English.", "ephemeral")),
        List.of(
            Message.text(Role.USER, "Weather in Paris?"),
            new Message(Role.ASSISTANT, List.of(
                new Part.Reasoning("I will look it up.", "sig-from-elsewhere", null),
                new Part.ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"))),
            new Message(Role.TOOL, List.of(
                new Part.ToolResult("call_1", "get_weather", List.of(Part.Text.of("18C, sunny")), false))),
            new Message(Role.USER, List.of(Part.Text.of("And this picture?"),
                new Part.Image("https://example.com/cat.png", null, null, "low"),
                new Part.Image(null, "image/png", "iVBORw0KGgo=", null)))),
        /* maxTokens= */ 300, /* temperature= */ 0.5, /* topP= */ 0.9, /* topK= */ 40, List.of("END", "STOP"),
        /* seed= */ 42L, /* presencePenalty= */ 0.1, /* frequencyPenalty= */ 0.2, List.of(WEATHER, TIME),
        ToolChoice.AUTO, new ResponseFormat.JsonSchema("weather", WEATHER_SCHEMA, true),
        new Thinking(2048, null), /* parallelToolCalls= */ true, /* stream= */ true, /* streamUsage= */ true,
        "end-user-7", Map.of("team", "x"));

    JsonNode body = encode(request, "command-a-03-2025");

    assertThat(body).isEqualTo(json("""
        {
          "model": "command-a-03-2025",
          "messages": [
            {"role": "system", "content": "Be brief.\\n\\nAnswer in English."},
            {"role": "user", "content": "Weather in Paris?"},
            {"role": "assistant", "tool_plan": "I will look it up.",
             "tool_calls": [{"id": "call_1", "type": "function",
                             "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\"}"}}]},
            {"role": "tool", "tool_call_id": "call_1", "content": "18C, sunny"},
            {"role": "user", "content": [
              {"type": "text", "text": "And this picture?"},
              {"type": "image_url", "image_url": {"url": "https://example.com/cat.png", "detail": "low"}},
              {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}]}
          ],
          "tools": [
            {"type": "function", "function": {"name": "get_weather", "description": "Weather for a city",
             "parameters": {"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}},
            {"type": "function", "function": {"name": "get_time",
             "parameters": {"type": "object", "properties": {}}}}
          ],
          "response_format": {"type": "json_object",
             "json_schema": {"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}},
          "max_tokens": 300,
          "stop_sequences": ["END", "STOP"],
          "temperature": 0.5,
          "p": 0.9,
          "k": 40,
          "seed": 42,
          "frequency_penalty": 0.2,
          "presence_penalty": 0.1,
          "thinking": {"type": "enabled", "token_budget": 2048},
          "stream": true
        }"""));
  }

  @Test
  void aMinimalRequestSendsOnlyModelMessagesAndStream() {
    JsonNode body = encode(request(List.of(Message.text(Role.USER, "Hi")), List.of(), null), "command-r7b-12-2024");
    assertThat(body).isEqualTo(json("""
        {"model": "command-r7b-12-2024", "messages": [{"role": "user", "content": "Hi"}], "stream": false}"""));
  }

  @Test
  void toolChoiceNoneAndRequiredAreUpperCaseAndAutoIsOmitted() {
    List<Message> hi = List.of(Message.text(Role.USER, "Hi"));
    assertThat(encode(request(hi, List.of(WEATHER, TIME), ToolChoice.NONE), "m").get("tool_choice").asText())
        .isEqualTo("NONE");
    assertThat(encode(request(hi, List.of(WEATHER, TIME), ToolChoice.REQUIRED), "m").get("tool_choice").asText())
        .isEqualTo("REQUIRED");
    JsonNode auto = encode(request(hi, List.of(WEATHER, TIME), ToolChoice.AUTO), "m");
    assertThat(auto.has("tool_choice")).isFalse();
    assertThat(auto.get("tools")).hasSize(2);
  }

  @Test
  void aNamedToolIsRequiredWithOnlyThatToolSent() {
    JsonNode body = encode(request(List.of(Message.text(Role.USER, "Time?")), List.of(WEATHER, TIME),
        new ToolChoice.Named("get_time")), "m");
    assertThat(body.get("tool_choice").asText()).isEqualTo("REQUIRED");
    assertThat(body.get("tools")).hasSize(1);
    assertThat(body.at("/tools/0/function/name").asText()).isEqualTo("get_time");
  }

  @Test
  void impossibleToolChoicesAreInvalidRequests() {
    List<Message> hi = List.of(Message.text(Role.USER, "Hi"));
    for (ChatRequest bad : List.of(request(hi, List.of(WEATHER), new ToolChoice.Named("nope")),
        request(hi, List.of(), ToolChoice.REQUIRED), request(hi, List.of(), new ToolChoice.Named("get_time")))) {
      assertThatThrownBy(() -> CohereRequestEncoder.encode(bad, "m"))
          .isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
            assertThat(e.param()).isEqualTo("tool_choice");
          });
    }
    JsonNode noneWithoutTools = encode(request(hi, List.of(), ToolChoice.NONE), "m");
    assertThat(noneWithoutTools.has("tools")).isFalse();
    assertThat(noneWithoutTools.has("tool_choice")).isFalse();
  }

  @Test
  void responseFormats() {
    assertThat(withFormat(new ResponseFormat.JsonObject()).get("response_format"))
        .isEqualTo(json("{\"type\":\"json_object\"}"));
    assertThat(withFormat(ResponseFormat.TEXT).has("response_format")).isFalse();
    assertThat(withFormat(new ResponseFormat.JsonSchema("n", null, false)).get("response_format"))
        .isEqualTo(json("{\"type\":\"json_object\"}"));
  }

  @Test
  void thinkingBudgetsEffortsAndOff() {
    assertThat(withThinking(new Thinking(null, "high")).get("thinking"))
        .isEqualTo(json("{\"type\":\"enabled\",\"token_budget\":16384}"));
    assertThat(withThinking(new Thinking(null, null)).get("thinking")).isEqualTo(json("{\"type\":\"enabled\"}"));
    assertThat(withThinking(new Thinking(0, null)).get("thinking")).isEqualTo(json("{\"type\":\"disabled\"}"));
    assertThat(withThinking(null).has("thinking")).isFalse();
  }

  @Test
  void toolResultsInsideAUserTurnGoFirstAsToolMessages() {
    JsonNode messages = encode(request(List.of(
        new Message(Role.ASSISTANT, List.of(new Part.ToolCall("a", "get_time", null),
            new Part.ToolCall("b", "get_weather", "{\"city\":\"Oslo\"}"))),
        new Message(Role.USER, List.of(
            new Part.ToolResult("a", "get_time", List.of(Part.Text.of("12:00")), false),
            new Part.ToolResult("b", "get_weather", List.of(Part.Text.of("cold"),
                new Part.Image("https://x/y.png", null, null, null)), true),
            Part.Text.of("Thanks, summarise."))),
        new Message(Role.USER, List.of(new Part.ToolResult("c", "get_time", List.of(), false)))),
        List.of(), null), "m").get("messages");
    assertThat(messages).isEqualTo(json("""
        [
          {"role": "assistant", "tool_calls": [
            {"id": "a", "type": "function", "function": {"name": "get_time", "arguments": "{}"}},
            {"id": "b", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Oslo\\"}"}}]},
          {"role": "tool", "tool_call_id": "a", "content": "12:00"},
          {"role": "tool", "tool_call_id": "b", "content": "cold"},
          {"role": "user", "content": "Thanks, summarise."},
          {"role": "tool", "tool_call_id": "c", "content": ""}
        ]"""));
  }

  @Test
  void assistantTurnsWithoutCallsDropReasoningAndSkipWhenEmpty() {
    JsonNode messages = encode(request(List.of(
        Message.text(Role.USER, "Q"),
        new Message(Role.ASSISTANT, List.of(new Part.Reasoning("thinking...", "sig", null),
            Part.Text.of("Part one. "), Part.Text.of("Part two."))),
        new Message(Role.ASSISTANT, List.of(new Part.Reasoning(null, null, "opaque"))),
        new Message(Role.ASSISTANT, List.of(new Part.Reasoning(null, null, "opaque"),
            new Part.ToolCall("x", "get_time", "{}"))),
        new Message(Role.SYSTEM, List.of(Part.Text.of("Late system note."))),
        new Message(Role.USER, List.of(new Part.Image("https://x/y.png", null, null, "ultra")))),
        List.of(), null), "m").get("messages");
    assertThat(messages).isEqualTo(json("""
        [
          {"role": "user", "content": "Q"},
          {"role": "assistant", "content": [{"type": "text", "text": "Part one. "},
                                            {"type": "text", "text": "Part two."}]},
          {"role": "assistant", "tool_calls": [
            {"id": "x", "type": "function", "function": {"name": "get_time", "arguments": "{}"}}]},
          {"role": "system", "content": "Late system note."},
          {"role": "user", "content": [{"type": "image_url", "image_url": {"url": "https://x/y.png"}}]}
        ]"""));
  }

  @Test
  void theReasoningWeDecodeFromAToolCallAnswerGoesBackAsTheToolPlan() {
    var answer = CohereResponseDecoder.decode(CohereFixtures.bytes("chat-tool-calls.json"));
    JsonNode messages = encode(request(List.of(Message.text(Role.USER, "Weather in Paris?"),
        new Message(Role.ASSISTANT, answer.content())), List.of(WEATHER), null), "m").get("messages");
    assertThat(messages.get(1)).isEqualTo(json("""
        {"role": "assistant", "tool_plan": "I will look up the current weather in Paris.",
         "tool_calls": [{"id": "get_weather_7x2kq9m1vb4d", "type": "function",
           "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\",\\"unit\\":\\"celsius\\"}"}}]}"""));
  }

  private static JsonNode withFormat(ResponseFormat format) {
    return encode(new ChatRequest("m", List.of(), List.of(Message.text(Role.USER, "Hi")), null, null, null, null,
        null, null, null, null, null, null, format, null, null, false, false, null, null), "m");
  }

  private static JsonNode withThinking(Thinking thinking) {
    return encode(new ChatRequest("m", List.of(), List.of(Message.text(Role.USER, "Hi")), null, null, null, null,
        null, null, null, null, null, null, null, thinking, null, false, false, null, null), "m");
  }

  private static ChatRequest request(List<Message> messages, List<Tool> tools, ToolChoice choice) {
    return new ChatRequest("alias", List.of(), messages, null, null, null, null, null, null, null, null, tools,
        choice, null, null, null, false, false, null, null);
  }

  private static JsonNode encode(ChatRequest request, String model) {
    try {
      return CohereJson.MAPPER.readTree(CohereRequestEncoder.encode(request, model));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode json(String text) {
    try {
      return CohereJson.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
