package dev.sluice.core.provider.bedrock;

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

/** Canonical request → Converse JSON, field by field. */
class BedrockRequestEncoderTest {
  private static final JsonNode WEATHER_SCHEMA = parse("""
      {"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""");
  private static final Tool WEATHER = new Tool("get_weather", "Current weather", WEATHER_SCHEMA);

  /** A request with only the fields a test sets; everything else as a caller that said nothing. */
  private record Req(List<Part> system, List<Message> messages, Integer maxTokens, Double temperature, Double topP,
      Integer topK, List<String> stop, List<Tool> tools, ToolChoice toolChoice, ResponseFormat format,
      Thinking thinking) {
    static Req of(Message... messages) {
      return new Req(List.of(), List.of(messages), null, null, null, null, List.of(), List.of(), null, null, null);
    }

    ChatRequest build() {
      return new ChatRequest("claude", system, messages, maxTokens, temperature, topP, topK, stop, 42L, 0.5, 0.5,
          tools, toolChoice, format, thinking, Boolean.TRUE, false, false, "user-1", Map.of("k", "v"));
    }

    Req system(Part... parts) {
      return new Req(List.of(parts), messages, maxTokens, temperature, topP, topK, stop, tools, toolChoice, format,
          thinking);
    }

    Req settings(Integer max, Double temp, Double p, Integer k, List<String> stops) {
      return new Req(system, messages, max, temp, p, k, stops, tools, toolChoice, format, thinking);
    }

    Req tools(ToolChoice choice, Tool... list) {
      return new Req(system, messages, maxTokens, temperature, topP, topK, stop, List.of(list), choice, format,
          thinking);
    }

    Req format(ResponseFormat f) {
      return new Req(system, messages, maxTokens, temperature, topP, topK, stop, tools, toolChoice, f, thinking);
    }

    Req thinking(Thinking t) {
      return new Req(system, messages, maxTokens, temperature, topP, topK, stop, tools, toolChoice, format, t);
    }
  }

  private static JsonNode encode(Req req) {
    try {
      return BedrockFixtures.JSON.readTree(BedrockRequestEncoder.encode(req.build()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode parse(String json) {
    try {
      return BedrockFixtures.JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Message user(String text) {
    return Message.text(Role.USER, text);
  }

  @Test
  void minimalRequest_isMessagesOnly() {
    JsonNode body = encode(Req.of(user("Hi")));
    assertThat(body).isEqualTo(parse("""
        {"messages":[{"role":"user","content":[{"text":"Hi"}]}]}"""));
  }

  @Test
  void systemAndSettings_goToSystemAndInferenceConfig_topKToAdditionalFields() {
    JsonNode body = encode(Req.of(user("Hi"))
        .system(Part.Text.of("Be brief."), new Part.Text("Long cached context", "ephemeral"))
        .settings(256, 0.2, 0.9, 40, List.of("END", "STOP")));

    assertThat(body.get("system")).isEqualTo(parse("""
        [{"text":"Be brief."},{"text":"Long cached context"},{"cachePoint":{"type":"default"}}]"""));
    assertThat(body.get("inferenceConfig")).isEqualTo(parse("""
        {"maxTokens":256,"temperature":0.2,"topP":0.9,"stopSequences":["END","STOP"]}"""));
    assertThat(body.get("additionalModelRequestFields")).isEqualTo(parse("{\"top_k\":40}"));
    // seed, penalties, parallel tool calls, user and metadata have no Converse field
    assertThat(body.properties()).extracting(Map.Entry::getKey)
        .containsExactly("messages", "system", "inferenceConfig", "additionalModelRequestFields");
  }

  @Test
  void cacheTtl_isPassedWhenBedrockKnowsIt() {
    JsonNode body = encode(Req.of(new Message(Role.USER, List.of(new Part.Text("doc", "ephemeral:1h"),
        new Part.Text("question", "ephemeral:10m")))));
    assertThat(body.at("/messages/0/content")).isEqualTo(parse("""
        [{"text":"doc"},{"cachePoint":{"type":"default","ttl":"1h"}},
         {"text":"question"},{"cachePoint":{"type":"default"}}]"""));
  }

  @Test
  void systemRoleMessages_joinTheSystemList() {
    JsonNode body = encode(Req.of(Message.text(Role.SYSTEM, "Rules."), user("Hi")));
    assertThat(body.get("system")).isEqualTo(parse("[{\"text\":\"Rules.\"}]"));
    assertThat(body.get("messages")).hasSize(1);
  }

  @Test
  void toolConversation_toolUseInAssistant_toolResultsInAUserTurn_sameRolesMerged() {
    JsonNode body = encode(Req.of(
        user("Weather in Paris and Rome?"),
        new Message(Role.ASSISTANT, List.of(
            new Part.Reasoning("Two cities.", "sig-abc", null),
            Part.Text.of("Checking."),
            new Part.ToolCall("tooluse_1", "get_weather", "{\"city\":\"Paris\"}"),
            new Part.ToolCall("tooluse_2", "get_weather", "{\"city\":\"Rome\"}"))),
        new Message(Role.TOOL, List.of(new Part.ToolResult("tooluse_1", "get_weather",
            List.of(Part.Text.of("18C")), false))),
        new Message(Role.TOOL, List.of(new Part.ToolResult("tooluse_2", "get_weather",
            List.of(Part.Text.of("city not found")), true))),
        user("Thanks"))
        .tools(ToolChoice.AUTO, WEATHER));

    assertThat(body.get("messages")).isEqualTo(parse("""
        [{"role":"user","content":[{"text":"Weather in Paris and Rome?"}]},
         {"role":"assistant","content":[
           {"reasoningContent":{"reasoningText":{"text":"Two cities.","signature":"sig-abc"}}},
           {"text":"Checking."},
           {"toolUse":{"toolUseId":"tooluse_1","name":"get_weather","input":{"city":"Paris"}}},
           {"toolUse":{"toolUseId":"tooluse_2","name":"get_weather","input":{"city":"Rome"}}}]},
         {"role":"user","content":[
           {"toolResult":{"toolUseId":"tooluse_1","content":[{"text":"18C"}]}},
           {"toolResult":{"toolUseId":"tooluse_2","content":[{"text":"city not found"}],"status":"error"}},
           {"text":"Thanks"}]}]"""));
    assertThat(body.get("toolConfig")).isEqualTo(parse("""
        {"tools":[{"toolSpec":{"name":"get_weather","description":"Current weather",
           "inputSchema":{"json":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}}],
         "toolChoice":{"auto":{}}}"""));
  }

  @Test
  void redactedReasoning_andReasoningInUserTurnsDropped() {
    JsonNode body = encode(Req.of(
        new Message(Role.USER, List.of(new Part.Reasoning("not mine", null, null), Part.Text.of("Hi"))),
        new Message(Role.ASSISTANT, List.of(new Part.Reasoning(null, null, "b3BhcXVl"), Part.Text.of("Hello")))));
    assertThat(body.get("messages")).isEqualTo(parse("""
        [{"role":"user","content":[{"text":"Hi"}]},
         {"role":"assistant","content":[{"reasoningContent":{"redactedContent":"b3BhcXVl"}},{"text":"Hello"}]}]"""));
  }

  @Test
  void blankTextAndEmptyTurns_areLeftOut() {
    JsonNode body = encode(Req.of(user("Hi"), Message.text(Role.ASSISTANT, "  "), user("Still there?")));
    assertThat(body.get("messages")).isEqualTo(parse("""
        [{"role":"user","content":[{"text":"Hi"},{"text":"Still there?"}]}]"""));
  }

  @Test
  void inlineImages_becomeBytesWithTheirFormat() {
    JsonNode body = encode(Req.of(new Message(Role.USER, List.of(
        Part.Image.fromUrl("data:image/png;base64,iVBORw0KGgo=", null),
        new Part.Image(null, "image/jpeg", "/9j/4AAQ", "high"),
        Part.Text.of("What is this?")))));
    assertThat(body.at("/messages/0/content")).isEqualTo(parse("""
        [{"image":{"format":"png","source":{"bytes":"iVBORw0KGgo="}}},
         {"image":{"format":"jpeg","source":{"bytes":"/9j/4AAQ"}}},
         {"text":"What is this?"}]"""));
  }

  @Test
  void imageUrls_areRefused_becauseBedrockNeedsInlineImages() {
    Req req = Req.of(user("Hi"), new Message(Role.USER,
        List.of(Part.Image.fromUrl("https://example.com/cat.png", null))));
    assertThatThrownBy(() -> encode(req))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
          assertThat(e.getMessage()).contains("Bedrock needs inline images");
          assertThat(e.param()).isEqualTo("messages[1].content");
        });
  }

  @Test
  void unsupportedImageType_isRefused() {
    Req req = Req.of(new Message(Role.USER, List.of(new Part.Image(null, "image/tiff", "AAAA", null))));
    assertThatThrownBy(() -> encode(req)).isInstanceOf(GatewayException.class).hasMessageContaining("image/tiff");
  }

  @Test
  void toolCallArgumentsThatAreNotAnObject_areRefused() {
    Req req = Req.of(user("Hi"), new Message(Role.ASSISTANT,
        List.of(new Part.ToolCall("t1", "get_weather", "[1,2]"))));
    assertThatThrownBy(() -> encode(req)).isInstanceOf(GatewayException.class)
        .hasMessageContaining("not a JSON object");
  }

  @Test
  void toolChoices_mapToAutoAnyAndTool() {
    assertThat(encode(Req.of(user("x")).tools(null, WEATHER)).at("/toolConfig/toolChoice").isMissingNode()).isTrue();
    assertThat(encode(Req.of(user("x")).tools(ToolChoice.REQUIRED, WEATHER)).at("/toolConfig/toolChoice"))
        .isEqualTo(parse("{\"any\":{}}"));
    assertThat(encode(Req.of(user("x")).tools(new ToolChoice.Named("get_weather"), WEATHER))
        .at("/toolConfig/toolChoice")).isEqualTo(parse("{\"tool\":{\"name\":\"get_weather\"}}"));
  }

  @Test
  void toolWithoutParameters_getsAnEmptyObjectSchema() {
    JsonNode body = encode(Req.of(user("x")).tools(null, new Tool("now", null, null)));
    assertThat(body.at("/toolConfig/tools/0")).isEqualTo(parse("""
        {"toolSpec":{"name":"now","inputSchema":{"json":{"type":"object","properties":{}}}}}"""));
  }

  @Test
  void toolChoiceNone_leavesToolsOut_unlessTheHistoryHasToolBlocks() {
    assertThat(encode(Req.of(user("x")).tools(ToolChoice.NONE, WEATHER)).has("toolConfig")).isFalse();

    JsonNode withHistory = encode(Req.of(user("x"),
        new Message(Role.ASSISTANT, List.of(new Part.ToolCall("t1", "get_weather", "{}"))),
        new Message(Role.TOOL, List.of(new Part.ToolResult("t1", "get_weather", List.of(Part.Text.of("ok")), false))))
        .tools(ToolChoice.NONE, WEATHER));
    assertThat(withHistory.at("/toolConfig/tools/0/toolSpec/name").asText()).isEqualTo("get_weather");
    assertThat(withHistory.at("/toolConfig/toolChoice").isMissingNode()).isTrue();
  }

  @Test
  void toolHistoryWithoutTools_getsOpenSpecsForTheNamesUsed() {
    JsonNode body = encode(Req.of(user("x"),
        new Message(Role.ASSISTANT, List.of(new Part.ToolCall("t1", "lookup", "{}"))),
        new Message(Role.TOOL, List.of(new Part.ToolResult("t1", "lookup", List.of(Part.Text.of("ok")), false)))));
    assertThat(body.get("toolConfig")).isEqualTo(parse("""
        {"tools":[{"toolSpec":{"name":"lookup","inputSchema":{"json":{"type":"object","properties":{}}}}}]}"""));
  }

  @Test
  void jsonSchemaOutput_isAForcedReservedTool() {
    JsonNode schema = parse("{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\"}}}");
    JsonNode body = encode(Req.of(user("x")).format(new ResponseFormat.JsonSchema("answer", schema, true)));
    assertThat(body.get("toolConfig")).isEqualTo(parse("""
        {"tools":[{"toolSpec":{"name":"sluice_json_output",
           "description":"Answer by calling this tool with the answer as its input.",
           "inputSchema":{"json":{"type":"object","properties":{"answer":{"type":"string"}}}}}}],
         "toolChoice":{"tool":{"name":"sluice_json_output"}}}"""));
  }

  @Test
  void jsonObjectOutput_besideCallerTools_letsTheModelPickAny() {
    JsonNode body = encode(Req.of(user("x")).tools(ToolChoice.AUTO, WEATHER).format(new ResponseFormat.JsonObject()));
    assertThat(body.at("/toolConfig/tools/0/toolSpec/name").asText()).isEqualTo("get_weather");
    assertThat(body.at("/toolConfig/tools/1/toolSpec/name").asText()).isEqualTo("sluice_json_output");
    assertThat(body.at("/toolConfig/tools/1/toolSpec/inputSchema/json")).isEqualTo(parse("{\"type\":\"object\"}"));
    assertThat(body.at("/toolConfig/toolChoice")).isEqualTo(parse("{\"any\":{}}"));
  }

  @Test
  void textFormat_addsNothing() {
    assertThat(encode(Req.of(user("x")).format(ResponseFormat.TEXT)).has("toolConfig")).isFalse();
  }

  @Test
  void thinking_isAnthropicOnBedrockThinking_withMaxTokensAboveTheBudget() {
    JsonNode body = encode(Req.of(user("x")).thinking(new Thinking(2048, null)));
    assertThat(body.get("additionalModelRequestFields")).isEqualTo(parse("""
        {"thinking":{"type":"enabled","budget_tokens":2048}}"""));
    assertThat(body.at("/inferenceConfig/maxTokens").asInt()).isEqualTo(2048 + ChatRequest.DEFAULT_MAX_TOKENS);

    JsonNode byEffort = encode(Req.of(user("x")).settings(20_000, null, null, null, List.of())
        .thinking(new Thinking(null, "high")));
    assertThat(byEffort.at("/additionalModelRequestFields/thinking/budget_tokens").asInt()).isEqualTo(16_384);
    assertThat(byEffort.at("/inferenceConfig/maxTokens").asInt()).isEqualTo(20_000);

    JsonNode tiny = encode(Req.of(user("x")).thinking(new Thinking(100, null)));
    assertThat(tiny.at("/additionalModelRequestFields/thinking/budget_tokens").asInt()).isEqualTo(1024);
  }
}
