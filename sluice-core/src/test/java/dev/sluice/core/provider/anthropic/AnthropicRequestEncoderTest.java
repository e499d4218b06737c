package dev.sluice.core.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.Message;
import dev.sluice.core.canonical.Part;
import dev.sluice.core.canonical.ProviderAccess;
import dev.sluice.core.canonical.ResponseFormat;
import dev.sluice.core.canonical.Role;
import dev.sluice.core.canonical.Thinking;
import dev.sluice.core.canonical.Tool;
import dev.sluice.core.canonical.ToolChoice;
import dev.sluice.core.canonical.UpstreamCall;
import dev.sluice.core.error.ErrorKind;
import dev.sluice.core.error.GatewayException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnthropicRequestEncoderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final AnthropicCodec codec = AnthropicStreams.codec();

  private JsonNode body(RequestBuilder b) {
    return body(b.build());
  }

  private JsonNode body(ChatRequest r) {
    try {
      return JSON.readTree(codec.chatCall(r, "claude-sonnet-4-20250514").body());
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

  @Test
  void callsMessagesWithTheVersionHeader() {
    UpstreamCall call = codec.chatCall(new RequestBuilder().build(), "claude-x");
    assertThat(call.path()).isEqualTo("/v1/messages");
    assertThat(call.headers()).isEqualTo(Map.of("anthropic-version", "2023-06-01"));
    AnthropicCodec pinned = new AnthropicCodec(
        new ProviderAccess("api.anthropic.com", "", "k", Map.of("anthropic_version", "2099-01-01")));
    assertThat(pinned.chatCall(new RequestBuilder().build(), "claude-x").headers())
        .containsEntry("anthropic-version", "2099-01-01");
  }

  @Test
  void aMinimalRequestHasModelDefaultMaxTokensAndOneUserTurn() {
    assertThat(body(new RequestBuilder())).isEqualTo(json("""
        {"model":"claude-sonnet-4-20250514","max_tokens":4096,
         "messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}]}"""));
  }

  @Test
  void settingsGoToTheirFieldsAndPenaltiesAndSeedAreNotSent() {
    RequestBuilder b = new RequestBuilder();
    b.maxTokens = 100;
    b.temperature = 0.2;
    b.topP = 0.9;
    b.topK = 40;
    b.stop = List.of("###", "END");
    b.seed = 7L;
    b.user = "user-123";
    b.stream = true;
    JsonNode body = body(b);
    assertThat(body.get("max_tokens").asInt()).isEqualTo(100);
    assertThat(body.get("temperature").asDouble()).isEqualTo(0.2);
    assertThat(body.get("top_p").asDouble()).isEqualTo(0.9);
    assertThat(body.get("top_k").asInt()).isEqualTo(40);
    assertThat(body.get("stop_sequences")).isEqualTo(json("[\"###\",\"END\"]"));
    assertThat(body.get("metadata")).isEqualTo(json("{\"user_id\":\"user-123\"}"));
    assertThat(body.get("stream").asBoolean()).isTrue();
    assertThat(body.has("seed")).isFalse();
    assertThat(body.has("presence_penalty")).isFalse();
    assertThat(body.has("frequency_penalty")).isFalse();
  }

  @Test
  void oneSystemTextIsAString() {
    RequestBuilder b = new RequestBuilder();
    b.system.add(Part.Text.of("Be terse."));
    assertThat(body(b).get("system")).isEqualTo(json("\"Be terse.\""));
  }

  @Test
  void systemWithCacheMarkersIsTextBlocksAndSystemMessagesJoinIt() {
    RequestBuilder b = new RequestBuilder();
    b.system.add(new Part.Text("Long reference text.", "ephemeral"));
    b.system.add(new Part.Text("Hour-long cache.", "ephemeral:1h"));
    b.messages(Message.text(Role.SYSTEM, "Late instruction."), Message.text(Role.USER, "Hi"));
    assertThat(body(b).get("system")).isEqualTo(json("""
        [{"type":"text","text":"Long reference text.","cache_control":{"type":"ephemeral"}},
         {"type":"text","text":"Hour-long cache.","cache_control":{"type":"ephemeral","ttl":"1h"}},
         {"type":"text","text":"Late instruction."}]"""));
  }

  @Test
  void cacheControlOnMessageText() {
    RequestBuilder b = new RequestBuilder().messages(new Message(Role.USER, List.of(new Part.Text("doc", "ephemeral:5m"))));
    assertThat(body(b).at("/messages/0/content/0")).isEqualTo(json("""
        {"type":"text","text":"doc","cache_control":{"type":"ephemeral","ttl":"5m"}}"""));
  }

  @Test
  void toolTurnsBecomeUserToolResultsMergedWithFollowingUserText() {
    RequestBuilder b = new RequestBuilder().messages(
        Message.text(Role.USER, "Weather in Paris and Rome?"),
        new Message(Role.ASSISTANT, List.of(Part.Text.of("Checking."),
            new Part.ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"),
            new Part.ToolCall("call.2", "get_weather", "{\"city\":\"Rome\"}"))),
        new Message(Role.TOOL, List.of(new Part.ToolResult("call_1", "get_weather", List.of(Part.Text.of("18C")), false))),
        new Message(Role.TOOL, List.of(new Part.ToolResult("call.2", "get_weather", List.of(Part.Text.of("boom")), true))),
        Message.text(Role.USER, "Thanks"));
    assertThat(body(b).get("messages")).isEqualTo(json("""
        [{"role":"user","content":[{"type":"text","text":"Weather in Paris and Rome?"}]},
         {"role":"assistant","content":[{"type":"text","text":"Checking."},
           {"type":"tool_use","id":"call_1","name":"get_weather","input":{"city":"Paris"}},
           {"type":"tool_use","id":"call_2","name":"get_weather","input":{"city":"Rome"}}]},
         {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_1","content":"18C"},
           {"type":"tool_result","tool_use_id":"call_2","content":"boom","is_error":true},
           {"type":"text","text":"Thanks"}]}]"""));
  }

  @Test
  void toolResultsGoBeforeTextInAUserTurn() {
    RequestBuilder b = new RequestBuilder().messages(
        new Message(Role.ASSISTANT, List.of(new Part.ToolCall("t1", "f", "{}"))),
        Message.text(Role.USER, "Here you go"),
        new Message(Role.TOOL, List.of(new Part.ToolResult("t1", null,
            List.of(Part.Text.of("a"), new Part.Image(null, "image/png", "iVBOR", null)), false))));
    assertThat(body(b).at("/messages/1/content")).isEqualTo(json("""
        [{"type":"tool_result","tool_use_id":"t1","content":[{"type":"text","text":"a"},
           {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBOR"}}]},
         {"type":"text","text":"Here you go"}]"""));
  }

  @Test
  void imagesByDataAndByUrl() {
    RequestBuilder b = new RequestBuilder().messages(new Message(Role.USER, List.of(
        Part.Text.of("What is this?"),
        Part.Image.fromUrl("data:image/jpeg;base64,/9j/4AAQ", "high"),
        Part.Image.fromUrl("https://example.com/cat.png", null))));
    assertThat(body(b).at("/messages/0/content")).isEqualTo(json("""
        [{"type":"text","text":"What is this?"},
         {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j/4AAQ"}},
         {"type":"image","source":{"type":"url","url":"https://example.com/cat.png"}}]"""));
  }

  @Test
  void argumentsThatAreNotAnObjectBecomeAnEmptyInput() {
    RequestBuilder b = new RequestBuilder().messages(Message.text(Role.USER, "go"),
        new Message(Role.ASSISTANT, List.of(new Part.ToolCall("t1", "f", "{\"trunc"))));
    assertThat(body(b).at("/messages/1/content/0/input")).isEqualTo(json("{}"));
  }

  @Test
  void signedThinkingAndRedactedThinkingGoBackUnsignedReasoningAndEmptyTextDoNot() {
    RequestBuilder b = new RequestBuilder().messages(
        Message.text(Role.USER, "17*23?"),
        new Message(Role.ASSISTANT, List.of(
            new Part.Reasoning("17*23 = 391", "sig-abc", null),
            new Part.Reasoning(null, null, "redacted-blob"),
            new Part.Reasoning("from another provider", null, null),
            Part.Text.of(""),
            Part.Text.of("391"))),
        new Message(Role.USER, List.of(Part.Text.of(""))),
        Message.text(Role.USER, "Thanks"));
    assertThat(body(b).get("messages")).isEqualTo(json("""
        [{"role":"user","content":[{"type":"text","text":"17*23?"}]},
         {"role":"assistant","content":[{"type":"thinking","thinking":"17*23 = 391","signature":"sig-abc"},
           {"type":"redacted_thinking","data":"redacted-blob"},{"type":"text","text":"391"}]},
         {"role":"user","content":[{"type":"text","text":"Thanks"}]}]"""));
  }

  @Test
  void aFinalAssistantPrefixLosesItsTrailingWhitespace() {
    ChatRequest continuation = new RequestBuilder().build().withAssistantPrefix("The answer is \n");
    assertThat(body(continuation).get("messages")).isEqualTo(json("""
        [{"role":"user","content":[{"type":"text","text":"Hi"}]},
         {"role":"assistant","content":[{"type":"text","text":"The answer is"}]}]"""));
    ChatRequest blank = new RequestBuilder().build().withAssistantPrefix(" ");
    assertThat(body(blank).get("messages")).hasSize(1);
    RequestBuilder afterTool = new RequestBuilder().messages(Message.text(Role.USER, "go"),
        new Message(Role.ASSISTANT, List.of(new Part.ToolCall("t1", "f", "{}"), Part.Text.of("  "))));
    assertThat(body(afterTool).at("/messages/1/content")).hasSize(1);
  }

  @Test
  void toolsAndEachToolChoice() {
    RequestBuilder b = new RequestBuilder();
    b.tools = List.of(
        new Tool("get_weather", "Weather for a city", json("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}")),
        new Tool("now", null, null),
        new Tool("loose", null, json("{\"properties\":{}}")));
    JsonNode body = body(b);
    assertThat(body.get("tools")).isEqualTo(json("""
        [{"name":"get_weather","description":"Weather for a city",
          "input_schema":{"type":"object","properties":{"city":{"type":"string"}}}},
         {"name":"now","input_schema":{"type":"object","properties":{}}},
         {"name":"loose","input_schema":{"properties":{},"type":"object"}}]"""));
    assertThat(body.has("tool_choice")).isFalse();

    b.toolChoice = ToolChoice.AUTO;
    assertThat(body(b).get("tool_choice")).isEqualTo(json("{\"type\":\"auto\"}"));
    b.toolChoice = ToolChoice.REQUIRED;
    assertThat(body(b).get("tool_choice")).isEqualTo(json("{\"type\":\"any\"}"));
    b.toolChoice = ToolChoice.NONE;
    assertThat(body(b).get("tool_choice")).isEqualTo(json("{\"type\":\"none\"}"));
    b.toolChoice = new ToolChoice.Named("now");
    assertThat(body(b).get("tool_choice")).isEqualTo(json("{\"type\":\"tool\",\"name\":\"now\"}"));
    b.parallelToolCalls = false;
    assertThat(body(b).get("tool_choice"))
        .isEqualTo(json("{\"type\":\"tool\",\"name\":\"now\",\"disable_parallel_tool_use\":true}"));
    b.toolChoice = null;
    assertThat(body(b).get("tool_choice")).isEqualTo(json("{\"type\":\"auto\",\"disable_parallel_tool_use\":true}"));
  }

  @Test
  void noToolsMeansNoToolChoice() {
    RequestBuilder b = new RequestBuilder();
    b.toolChoice = ToolChoice.REQUIRED;
    b.parallelToolCalls = false;
    JsonNode body = body(b);
    assertThat(body.has("tools")).isFalse();
    assertThat(body.has("tool_choice")).isFalse();
  }

  @Test
  void thinkingBudgetAndMaxTokens() {
    RequestBuilder b = new RequestBuilder();
    b.thinking = new Thinking(2048, null);
    JsonNode body = body(b);
    assertThat(body.get("thinking")).isEqualTo(json("{\"type\":\"enabled\",\"budget_tokens\":2048}"));
    assertThat(body.get("max_tokens").asInt()).isEqualTo(2048 + ChatRequest.DEFAULT_MAX_TOKENS);

    b.thinking = new Thinking(null, "high");
    b.maxTokens = 32_000;
    assertThat(body(b).get("thinking").get("budget_tokens").asInt()).isEqualTo(16_384);
    assertThat(body(b).get("max_tokens").asInt()).isEqualTo(32_000);

    b.thinking = new Thinking(8192, null);
    b.maxTokens = 3000; // the caller's cap wins; the budget shrinks under it
    assertThat(body(b).get("thinking").get("budget_tokens").asInt()).isEqualTo(2999);
    assertThat(body(b).get("max_tokens").asInt()).isEqualTo(3000);

    b.maxTokens = 1024; // no room for Anthropic's minimum budget
    assertThat(body(b).has("thinking")).isFalse();

    b.maxTokens = null;
    b.thinking = new Thinking(null, null);
    assertThat(body(b).get("thinking").get("budget_tokens").asInt()).isEqualTo(8192);
    b.thinking = new Thinking(10, null);
    assertThat(body(b).get("thinking").get("budget_tokens").asInt()).isEqualTo(1024);
  }

  @Test
  void aJsonSchemaBecomesAForcedTool() {
    RequestBuilder b = new RequestBuilder();
    JsonNode schema = json("{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"integer\"}},\"required\":[\"answer\"]}");
    b.responseFormat = new ResponseFormat.JsonSchema("result", schema, true);
    JsonNode body = body(b);
    assertThat(body.get("tools")).hasSize(1);
    JsonNode tool = body.get("tools").get(0);
    assertThat(tool.get("name").asText()).isEqualTo("sluice_json_response");
    assertThat(tool.get("description").asText()).contains("final answer");
    assertThat(tool.get("input_schema")).isEqualTo(schema);
    assertThat(body.get("tool_choice")).isEqualTo(json("{\"type\":\"tool\",\"name\":\"sluice_json_response\"}"));
  }

  @Test
  void jsonObjectOutputAndJsonWithThinkingAndJsonBesideCallerTools() {
    RequestBuilder b = new RequestBuilder();
    b.responseFormat = new ResponseFormat.JsonObject();
    assertThat(body(b).at("/tools/0/input_schema")).isEqualTo(json("{\"type\":\"object\"}"));

    b.thinking = new Thinking(2048, null); // a forced tool is refused with thinking: offer it instead
    assertThat(body(b).get("tool_choice")).isEqualTo(json("{\"type\":\"auto\"}"));

    b.thinking = null;
    b.tools = List.of(new Tool("f", null, null));
    b.toolChoice = ToolChoice.REQUIRED;
    JsonNode body = body(b);
    assertThat(body.get("tools")).hasSize(2);
    assertThat(body.get("tool_choice")).isEqualTo(json("{\"type\":\"any\"}"));
    assertThat(body(new RequestBuilder()).has("tools")).isFalse();
    RequestBuilder text = new RequestBuilder();
    text.responseFormat = ResponseFormat.TEXT;
    assertThat(body(text).has("tools")).isFalse();
  }

  @Test
  void aSchemaWithoutAnObjectRootIsRefusedAndTheReservedNameToo() {
    RequestBuilder b = new RequestBuilder();
    b.responseFormat = new ResponseFormat.JsonSchema("list", json("{\"type\":\"array\"}"), false);
    assertThatThrownBy(() -> body(b)).isInstanceOfSatisfying(GatewayException.class, e -> {
      assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
      assertThat(e.getMessage()).contains("\"type\": \"object\"");
    });
    RequestBuilder reserved = new RequestBuilder();
    reserved.tools = List.of(new Tool("sluice_json_response", null, null));
    assertThatThrownBy(() -> body(reserved)).isInstanceOfSatisfying(GatewayException.class,
        e -> assertThat(e.getMessage()).contains("reserved"));
  }
}
