package dev.sluice.core.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.ChatResponse;
import dev.sluice.core.canonical.Message;
import dev.sluice.core.canonical.Part;
import dev.sluice.core.canonical.ResponseFormat;
import dev.sluice.core.canonical.Role;
import dev.sluice.core.canonical.Thinking;
import dev.sluice.core.canonical.Tool;
import dev.sluice.core.canonical.ToolChoice;
import dev.sluice.core.error.ErrorKind;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.stream.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeminiRequestEncoderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final GeminiCodec codec = new GeminiCodec(GeminiRequests.ACCESS);

  private JsonNode body(ChatRequest request) throws Exception {
    return JSON.readTree(codec.chatCall(request, "gemini-2.5-flash").body());
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  private static ChatRequest user(String text) {
    return GeminiRequests.of(List.of(), List.of(Message.text(Role.USER, text)));
  }

  @Test
  void minimal_onlyContents() throws Exception {
    assertThat(body(user("Hi"))).isEqualTo(json("""
        {"contents":[{"role":"user","parts":[{"text":"Hi"}]}]}"""));
  }

  @Test
  void system_andSystemRoleMessages_goToSystemInstruction_rolesAreUserAndModel() throws Exception {
    ChatRequest request = GeminiRequests.of(List.of(Part.Text.of("Be brief."), new Part.Text("Be kind.", "ephemeral")),
        List.of(Message.text(Role.SYSTEM, "Answer in French."), Message.text(Role.USER, "Hi"),
            Message.text(Role.ASSISTANT, "Salut"), Message.text(Role.USER, "Ça va?")));

    assertThat(body(request)).isEqualTo(json("""
        {"contents":[{"role":"user","parts":[{"text":"Hi"}]},{"role":"model","parts":[{"text":"Salut"}]},
                     {"role":"user","parts":[{"text":"Ça va?"}]}],
         "systemInstruction":{"parts":[{"text":"Be brief."},{"text":"Be kind."},{"text":"Answer in French."}]}}"""));
  }

  @Test
  void images_inlineAndUrl_withMimeTypeGuessedFromTheExtension() throws Exception {
    ChatRequest request = GeminiRequests.of(List.of(), List.of(new Message(Role.USER, List.of(
        Part.Text.of("What are these?"),
        Part.Image.fromUrl("data:image/png;base64,iVBORw0KGgo=", "high"),
        Part.Image.fromUrl("https://example.com/cat.webp?size=2", null),
        Part.Image.fromUrl("https://example.com/photo", null),
        Part.Image.fromUrl("https://example.com/a.PNG#frag", null)))));

    assertThat(body(request).at("/contents/0/parts")).isEqualTo(json("""
        [{"text":"What are these?"},
         {"inlineData":{"mimeType":"image/png","data":"iVBORw0KGgo="}},
         {"fileData":{"mimeType":"image/webp","fileUri":"https://example.com/cat.webp?size=2"}},
         {"fileData":{"mimeType":"image/jpeg","fileUri":"https://example.com/photo"}},
         {"fileData":{"mimeType":"image/png","fileUri":"https://example.com/a.PNG#frag"}}]"""));
  }

  @Test
  void tools_useParametersJsonSchema_andEveryToolChoice() throws Exception {
    JsonNode schema = json("""
        {"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false,
         "$defs":{"x":{"const":1}}}""");
    List<Tool> tools = List.of(new Tool("get_weather", "Weather for a city", schema), new Tool("now", null, null));
    ChatRequest base = user("Weather?");

    JsonNode auto = body(GeminiRequests.withTools(base, tools, ToolChoice.AUTO));
    assertThat(auto.get("tools")).isEqualTo(json("""
        [{"functionDeclarations":[
          {"name":"get_weather","description":"Weather for a city","parametersJsonSchema":%s},
          {"name":"now"}]}]""".formatted(schema)));
    assertThat(auto.get("toolConfig")).isEqualTo(json("{\"functionCallingConfig\":{\"mode\":\"AUTO\"}}"));
    assertThat(body(GeminiRequests.withTools(base, tools, ToolChoice.NONE)).at("/toolConfig/functionCallingConfig"))
        .isEqualTo(json("{\"mode\":\"NONE\"}"));
    assertThat(body(GeminiRequests.withTools(base, tools, ToolChoice.REQUIRED)).at("/toolConfig/functionCallingConfig"))
        .isEqualTo(json("{\"mode\":\"ANY\"}"));
    assertThat(body(GeminiRequests.withTools(base, tools, new ToolChoice.Named("now")))
        .at("/toolConfig/functionCallingConfig"))
        .isEqualTo(json("{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"now\"]}"));
    assertThat(body(GeminiRequests.withTools(base, tools, null)).has("toolConfig")).isFalse();
    assertThat(body(GeminiRequests.withTools(base, List.of(), ToolChoice.NONE)).has("toolConfig")).isFalse();
  }

  @Test
  void toolResults_nameFromTheResultOrLookedUpFromTheCall_parallelResultsShareOneUserTurn() throws Exception {
    ChatRequest request = GeminiRequests.of(List.of(), List.of(
        Message.text(Role.USER, "Weather in Paris and Tokyo?"),
        new Message(Role.ASSISTANT, List.of(
            new Part.ToolCall("call_0_get_weather", "get_weather", "{\"city\":\"Paris\"}"),
            new Part.ToolCall("call_1_get_weather", "get_weather", "{\"city\":\"Tokyo\"}"))),
        new Message(Role.TOOL, List.of(new Part.ToolResult("call_0_get_weather", null,
            List.of(Part.Text.of("22C")), false))),
        new Message(Role.TOOL, List.of(new Part.ToolResult("call_1_get_weather", "get_weather",
            List.of(Part.Text.of("no data")), true))),
        Message.text(Role.USER, "Thanks")));

    assertThat(body(request).get("contents")).isEqualTo(json("""
        [{"role":"user","parts":[{"text":"Weather in Paris and Tokyo?"}]},
         {"role":"model","parts":[{"functionCall":{"name":"get_weather","args":{"city":"Paris"}}},
                                  {"functionCall":{"name":"get_weather","args":{"city":"Tokyo"}}}]},
         {"role":"user","parts":[{"functionResponse":{"name":"get_weather","response":{"result":"22C"}}},
                                 {"functionResponse":{"name":"get_weather","response":{"error":"no data"}}},
                                 {"text":"Thanks"}]}]"""));
  }

  @Test
  void toolResultInAUserMessage_withAnImage_andAnthropicStyle() throws Exception {
    ChatRequest request = GeminiRequests.of(List.of(), List.of(
        new Message(Role.ASSISTANT, List.of(new Part.ToolCall("toolu_1", "screenshot", "{}"))),
        new Message(Role.USER, List.of(new Part.ToolResult("toolu_1", null, List.of(Part.Text.of("done"),
            Part.Image.fromUrl("data:image/jpeg;base64,/9j/", null)), false)))));

    assertThat(body(request).at("/contents/1")).isEqualTo(json("""
        {"role":"user","parts":[{"functionResponse":{"name":"screenshot","response":{"result":"done"}}},
                                {"inlineData":{"mimeType":"image/jpeg","data":"/9j/"}}]}"""));
  }

  @Test
  void toolResultWithoutAnyName_isAnInvalidRequest() {
    ChatRequest request = GeminiRequests.of(List.of(), List.of(
        new Message(Role.TOOL, List.of(new Part.ToolResult("call_x", null, List.of(Part.Text.of("?")), false)))));

    assertThatThrownBy(() -> codec.chatCall(request, "gemini-2.5-flash"))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
          assertThat(e.param()).isEqualTo("messages[0]");
        })
        .hasMessageContaining("call_x");
  }

  @Test
  void toolCallArgumentsThatAreNotAnObject_areAnInvalidRequest() {
    ChatRequest request = GeminiRequests.of(List.of(), List.of(
        new Message(Role.ASSISTANT, List.of(new Part.ToolCall("c1", "f", "[1,2]")))));

    assertThatThrownBy(() -> codec.chatCall(request, "gemini-2.5-flash"))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
  }

  @Test
  void thoughtSignature_roundTrip_fromTheDecodedAnswerBackOntoTheSamePart() throws Exception {
    ChatResponse answer = codec.decodeChat(Fixtures.bytes("gemini/generateContent-functionCall.json"));
    List<Message> messages = new ArrayList<>();
    messages.add(Message.text(Role.USER, "Weather in Paris and Tokyo?"));
    messages.add(new Message(Role.ASSISTANT, answer.content()));
    for (Part.ToolCall call : answer.toolCalls()) {
      messages.add(new Message(Role.TOOL, List.of(new Part.ToolResult(call.id(), null,
          List.of(Part.Text.of(call.argumentsJson().contains("Paris") ? "22C" : "18C")), false))));
    }

    JsonNode contents = body(GeminiRequests.of(List.of(), messages)).get("contents");

    assertThat(contents.get(1)).isEqualTo(json("""
        {"role":"model","parts":[
          {"functionCall":{"name":"get_weather","args":{"city":"Paris","unit":"celsius"}},
           "thoughtSignature":"CiQB...opaque-base64..."},
          {"functionCall":{"name":"get_weather","args":{"city":"Tokyo","unit":"celsius"}}}]}"""));
    assertThat(contents.get(2)).isEqualTo(json("""
        {"role":"user","parts":[{"functionResponse":{"name":"get_weather","response":{"result":"22C"}}},
                                {"functionResponse":{"name":"get_weather","response":{"result":"18C"}}}]}"""));
  }

  @Test
  void reasoningParts_thoughtsSignaturesOnText_trailingSignature_redactedDropped() throws Exception {
    ChatRequest request = GeminiRequests.of(List.of(), List.of(
        Message.text(Role.USER, "Hi"),
        new Message(Role.ASSISTANT, List.of(
            new Part.Reasoning("Thinking about it", "thoughtSig", null),
            new Part.Reasoning(null, null, "opaque-from-another-provider"),
            new Part.Reasoning(null, "textSig", null),
            Part.Text.of("Hello"),
            new Part.Reasoning("", "endSig", null)))));

    assertThat(body(request).at("/contents/1/parts")).isEqualTo(json("""
        [{"text":"Thinking about it","thought":true,"thoughtSignature":"thoughtSig"},
         {"text":"Hello","thoughtSignature":"textSig"},
         {"text":"","thoughtSignature":"endSig"}]"""));
  }

  @Test
  void reasoningInUserMessages_isNotSent_andEmptyMessagesAreSkipped() throws Exception {
    ChatRequest request = GeminiRequests.of(List.of(), List.of(
        new Message(Role.USER, List.of(new Part.Reasoning("x", "y", null))), Message.text(Role.USER, "Hi")));

    assertThat(body(request).get("contents")).isEqualTo(json("[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}]"));
  }

  @Test
  void generationConfig_everySetting() throws Exception {
    ChatRequest request = GeminiRequests.withSettings(user("Hi"), 256, 0.2, 0.9, 40, List.of("END", "STOP"), 42L,
        0.5, -0.5);

    assertThat(body(request).get("generationConfig")).isEqualTo(json("""
        {"maxOutputTokens":256,"temperature":0.2,"topP":0.9,"topK":40,"stopSequences":["END","STOP"],"seed":42,
         "presencePenalty":0.5,"frequencyPenalty":-0.5}"""));
  }

  @Test
  void seedOutsideInt32_isFoldedIntoIt() throws Exception {
    ChatRequest request = GeminiRequests.withSettings(user("Hi"), null, null, null, null, List.of(),
        1L << 40, null, null);

    assertThat(body(request).at("/generationConfig/seed").isInt()).isTrue();
  }

  @Test
  void jsonOutput_objectAndSchema() throws Exception {
    JsonNode schema = json("{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}},\"required\":[\"n\"]}");

    assertThat(body(GeminiRequests.withFormat(user("x"), new ResponseFormat.JsonObject())).get("generationConfig"))
        .isEqualTo(json("{\"responseMimeType\":\"application/json\"}"));
    assertThat(body(GeminiRequests.withFormat(user("x"), new ResponseFormat.JsonSchema("n", schema, true)))
        .get("generationConfig"))
        .isEqualTo(json("{\"responseMimeType\":\"application/json\",\"responseJsonSchema\":%s}".formatted(schema)));
    assertThat(body(GeminiRequests.withFormat(user("x"), ResponseFormat.TEXT)).has("generationConfig")).isFalse();
  }

  @Test
  void thinking_budgetEffortOrDynamic_alwaysIncludeThoughts() throws Exception {
    assertThat(body(GeminiRequests.withThinking(user("x"), new Thinking(2048, null))).at("/generationConfig/thinkingConfig"))
        .isEqualTo(json("{\"thinkingBudget\":2048,\"includeThoughts\":true}"));
    assertThat(body(GeminiRequests.withThinking(user("x"), new Thinking(null, "high"))).at("/generationConfig/thinkingConfig"))
        .isEqualTo(json("{\"thinkingBudget\":16384,\"includeThoughts\":true}"));
    assertThat(body(GeminiRequests.withThinking(user("x"), new Thinking(null, null))).at("/generationConfig/thinkingConfig"))
        .isEqualTo(json("{\"thinkingBudget\":-1,\"includeThoughts\":true}"));
  }
}
