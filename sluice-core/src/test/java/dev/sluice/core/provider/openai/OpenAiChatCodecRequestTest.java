package dev.sluice.core.provider.openai;

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
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Canonical request → OpenAI {@code /chat/completions} body and path, field by field. */
class OpenAiChatCodecRequestTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static OpenAiChatCodec codec(Map<String, String> options) {
    return new OpenAiChatCodec(new ProviderAccess("api.openai.com", "/v1", "plain-test-key-123", options));
  }

  static ChatRequest request(List<Part> system, List<Message> messages) {
    return new ChatRequest("openai/gpt-4o", system, messages, null, null, null, null, null, null, null, null, null,
        null, null, null, null, false, false, null, null);
  }

  private static JsonNode json(String s) {
    try {
      return JSON.readTree(s.replace('\'', '"'));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode body(UpstreamCall call) {
    try {
      return JSON.readTree(call.body());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode encode(ChatRequest request) {
    return body(codec(Map.of()).chatCall(request, "gpt-4o-2024-08-06"));
  }

  @Test
  void everySettingIsWritten() {
    ChatRequest r = new ChatRequest("smart", List.of(Part.Text.of("Be brief.")),
        List.of(Message.text(Role.USER, "Hi")), 300, 0.25, 0.9, 40, List.of("END", "STOP"), 42L, 0.5, -0.5,
        List.of(new Tool("ping", null, null)), ToolChoice.REQUIRED, new ResponseFormat.JsonObject(),
        new Thinking(null, "high"), false, true, true, "u-7", Map.of("team", "search"));
    UpstreamCall call = codec(Map.of()).chatCall(r, "gpt-4o-2024-08-06");
    assertThat(call.path()).isEqualTo("/chat/completions");
    assertThat(call.headers()).isEmpty(); // the gateway adds the configured auth header
    assertThat(body(call)).isEqualTo(json("{'model':'gpt-4o-2024-08-06',"
        + "'messages':[{'role':'system','content':'Be brief.'},{'role':'user','content':'Hi'}],"
        + "'max_tokens':300,'temperature':0.25,'top_p':0.9,'stop':['END','STOP'],'seed':42,"
        + "'presence_penalty':0.5,'frequency_penalty':-0.5,"
        + "'tools':[{'type':'function','function':{'name':'ping','parameters':{'type':'object','properties':{}}}}],"
        + "'parallel_tool_calls':false,'tool_choice':'required','response_format':{'type':'json_object'},"
        + "'reasoning_effort':'high','user':'u-7','stream':true,'stream_options':{'include_usage':true}}"));
  }

  @Test
  void aMinimalRequestHasOnlyModelAndMessages() {
    JsonNode body = encode(request(List.of(), List.of(Message.text(Role.USER, "Hi"))));
    assertThat(body).isEqualTo(json("{'model':'gpt-4o-2024-08-06','messages':[{'role':'user','content':'Hi'}]}"));
  }

  @Test
  void streamingAlwaysAsksForUsage() {
    ChatRequest r = new ChatRequest("m", List.of(), List.of(Message.text(Role.USER, "Hi")), null, null, null, null,
        null, null, null, null, null, null, null, null, null, true, /* streamUsage= */ false, null, null);
    JsonNode body = encode(r);
    assertThat(body.get("stream").asBoolean()).isTrue();
    assertThat(body.get("stream_options")).isEqualTo(json("{'include_usage':true}"));
  }

  @Test
  void maxTokensFieldIsAnOption() {
    ChatRequest r = new ChatRequest("m", List.of(), List.of(Message.text(Role.USER, "Hi")), 512, null, null, null,
        null, null, null, null, null, null, null, null, null, false, false, null, null);
    assertThat(encode(r).get("max_tokens").asInt()).isEqualTo(512);
    JsonNode body = body(codec(Map.of("max_tokens_field", "max_completion_tokens")).chatCall(r, "o3"));
    assertThat(body.get("max_completion_tokens").asInt()).isEqualTo(512);
    assertThat(body.has("max_tokens")).isFalse();
    assertThatThrownBy(() -> codec(Map.of("max_tokens_field", "tokens")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max_tokens_field");
  }

  @Test
  void systemPartsBecomeOneLeadingSystemMessage() {
    JsonNode body = encode(request(List.of(Part.Text.of("Rule one."), new Part.Text("Rule two.", "ephemeral")),
        List.of(Message.text(Role.USER, "Hi"))));
    assertThat(body.get("messages")).isEqualTo(json("[{'role':'system','content':'Rule one.\\n\\nRule two.'},"
        + "{'role':'user','content':'Hi'}]"));
    assertThat(body.toString()).doesNotContain("ephemeral"); // OpenAI caches on its own
  }

  @Test
  void imagesByUrlAndInlineAsImageUrlParts() {
    JsonNode body = encode(request(List.of(), List.of(new Message(Role.USER, List.of(
        Part.Text.of("What is this?"),
        new Part.Image("https://example.com/cat.png", null, null, "low"),
        new Part.Image(null, "image/png", "iVBORw0KGgo=", null))))));
    assertThat(body.get("messages")).isEqualTo(json("[{'role':'user','content':["
        + "{'type':'text','text':'What is this?'},"
        + "{'type':'image_url','image_url':{'url':'https://example.com/cat.png','detail':'low'}},"
        + "{'type':'image_url','image_url':{'url':'data:image/png;base64,iVBORw0KGgo='}}]}]"));
  }

  @Test
  void severalTextPartsStayParts() {
    JsonNode body = encode(request(List.of(), List.of(new Message(Role.USER,
        List.of(Part.Text.of("a"), Part.Text.of("b"))))));
    assertThat(body.at("/messages/0/content"))
        .isEqualTo(json("[{'type':'text','text':'a'},{'type':'text','text':'b'}]"));
  }

  @Test
  void assistantToolCallsAndToolResultsFromToolAndUserMessages() {
    JsonNode body = encode(request(List.of(), List.of(
        Message.text(Role.USER, "Weather in Paris and Tokyo?"),
        new Message(Role.ASSISTANT, List.of(new Part.Reasoning("Two calls.", "sig-abc", null),
            Part.Text.of("Checking."),
            new Part.ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"),
            new Part.ToolCall("toolu_2", "get_weather", "{\"city\":\"Tokyo\"}"))),
        new Message(Role.TOOL, List.of(new Part.ToolResult("call_1", "get_weather",
            List.of(Part.Text.of("18C")), false))),
        // an Anthropic caller puts results in a user turn, possibly with more text and images
        new Message(Role.USER, List.of(
            new Part.ToolResult("toolu_2", "get_weather", List.of(Part.Text.of("no data"),
                new Part.Image("https://example.com/map.png", null, null, null)), true),
            Part.Text.of("Be quick."))),
        new Message(Role.ASSISTANT, List.of(new Part.ToolCall("call_3", "f", "{}"))))));
    assertThat(body.get("messages")).isEqualTo(json("[{'role':'user','content':'Weather in Paris and Tokyo?'},"
        + "{'role':'assistant','content':'Checking.','tool_calls':["
        + "{'id':'call_1','type':'function','function':{'name':'get_weather','arguments':'{\\'city\\':\\'Paris\\'}'}},"
        + "{'id':'toolu_2','type':'function','function':{'name':'get_weather',"
        + "'arguments':'{\\'city\\':\\'Tokyo\\'}'}}]},"
        + "{'role':'tool','tool_call_id':'call_1','content':'18C'},"
        + "{'role':'tool','tool_call_id':'toolu_2','content':'no data'},"
        + "{'role':'user','content':[{'type':'image_url','image_url':{'url':'https://example.com/map.png'}},"
        + "{'type':'text','text':'Be quick.'}]},"
        + "{'role':'assistant','content':null,'tool_calls':[{'id':'call_3','type':'function',"
        + "'function':{'name':'f','arguments':'{}'}}]}]"));
    assertThat(body.toString()).doesNotContain("Two calls.").doesNotContain("sig-abc");
  }

  @Test
  void toolsWithSchemasAndEveryToolChoice() {
    JsonNode schema = json("{'type':'object','properties':{'city':{'type':'string'}},'required':['city']}");
    ChatRequest base = new ChatRequest("m", List.of(), List.of(Message.text(Role.USER, "Hi")), null, null, null,
        null, null, null, null, null, List.of(new Tool("get_weather", "Weather now", schema)), null, null, null,
        true, false, false, null, null);
    JsonNode body = encode(base);
    assertThat(body.get("tools")).isEqualTo(json("[{'type':'function','function':{'name':'get_weather',"
        + "'description':'Weather now','parameters':{'type':'object','properties':{'city':{'type':'string'}},"
        + "'required':['city']}}}]"));
    assertThat(body.get("parallel_tool_calls").asBoolean()).isTrue();
    assertThat(body.has("tool_choice")).isFalse();
    assertThat(toolChoice(base, ToolChoice.AUTO)).isEqualTo(json("'auto'"));
    assertThat(toolChoice(base, ToolChoice.NONE)).isEqualTo(json("'none'"));
    assertThat(toolChoice(base, ToolChoice.REQUIRED)).isEqualTo(json("'required'"));
    assertThat(toolChoice(base, new ToolChoice.Named("get_weather")))
        .isEqualTo(json("{'type':'function','function':{'name':'get_weather'}}"));
  }

  private static JsonNode toolChoice(ChatRequest b, ToolChoice choice) {
    return encode(new ChatRequest(b.model(), b.system(), b.messages(), null, null, null, null, null, null, null,
        null, b.tools(), choice, null, null, null, false, false, null, null)).get("tool_choice");
  }

  @Test
  void parallelToolCallsIsLeftOutWithoutTools() {
    ChatRequest r = new ChatRequest("m", List.of(), List.of(Message.text(Role.USER, "Hi")), null, null, null, null,
        null, null, null, null, null, null, null, null, false, false, false, null, null);
    assertThat(encode(r).has("parallel_tool_calls")).isFalse(); // OpenAI refuses it without tools
  }

  @Test
  void responseFormats() {
    JsonNode schema = json("{'type':'object','properties':{'t':{'type':'number'}}}");
    assertThat(format(ResponseFormat.TEXT)).isEqualTo(json("{'type':'text'}"));
    assertThat(format(new ResponseFormat.JsonObject())).isEqualTo(json("{'type':'json_object'}"));
    assertThat(format(new ResponseFormat.JsonSchema("weather", schema, true))).isEqualTo(json(
        "{'type':'json_schema','json_schema':{'name':'weather','schema':{'type':'object','properties':"
            + "{'t':{'type':'number'}}},'strict':true}}"));
    assertThat(format(new ResponseFormat.JsonSchema(null, schema, false)).at("/json_schema/name").asText())
        .isEqualTo("response"); // OpenAI requires a name
  }

  private static JsonNode format(ResponseFormat f) {
    return encode(new ChatRequest("m", List.of(), List.of(Message.text(Role.USER, "Hi")), null, null, null, null,
        null, null, null, null, null, null, f, null, null, false, false, null, null)).get("response_format");
  }

  @Test
  void reasoningEffortFromAnEffortOrABudget() {
    assertThat(effort(new Thinking(null, "low"))).isEqualTo("low");
    assertThat(effort(new Thinking(1024, null))).isEqualTo("low");
    assertThat(effort(new Thinking(8000, null))).isEqualTo("medium");
    assertThat(effort(new Thinking(32_000, null))).isEqualTo("high");
    assertThat(effort(new Thinking(null, null))).isEqualTo("medium");
  }

  private static String effort(Thinking t) {
    return encode(new ChatRequest("m", List.of(), List.of(Message.text(Role.USER, "Hi")), null, null, null, null,
        null, null, null, null, null, null, null, t, null, false, false, null, null)).get("reasoning_effort").asText();
  }

  @Test
  void topKAndMetadataAreNotSent() {
    ChatRequest r = new ChatRequest("m", List.of(), List.of(Message.text(Role.USER, "Hi")), null, null, null, 40,
        null, null, null, null, null, null, null, null, null, false, false, null, Map.of("team", "x"));
    JsonNode body = encode(r);
    assertThat(body.has("top_k")).isFalse();
    assertThat(body.has("metadata")).isFalse();
  }

  @Test
  void azurePathsNameTheDeploymentAndLeaveModelOut() {
    ChatRequest r = request(List.of(), List.of(Message.text(Role.USER, "Hi")));
    UpstreamCall call = codec(Map.of("azure", "true")).chatCall(r, "gpt4o-prod");
    assertThat(call.path()).isEqualTo("/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21");
    assertThat(body(call).has("model")).isFalse();
    UpstreamCall versioned = codec(Map.of("azure", "true", "api_version", "2025-01-01-preview"))
        .chatCall(r, "my deployment/é");
    assertThat(versioned.path()).isEqualTo(
        "/openai/deployments/my%20deployment%2F%C3%A9/chat/completions?api-version=2025-01-01-preview");
    assertThat(codec(Map.of("azure", "false")).chatCall(r, "gpt-4o").path()).isEqualTo("/chat/completions");
    assertThatThrownBy(() -> codec(Map.of("azure", "yes"))).isInstanceOf(IllegalArgumentException.class);
  }
}
