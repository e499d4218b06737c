package dev.sluice.core.dialect.responses;

import static dev.sluice.core.dialect.responses.ResponsesTesting.assertSameMemberOrder;
import static dev.sluice.core.dialect.responses.ResponsesTesting.body;
import static dev.sluice.core.dialect.responses.ResponsesTesting.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.sluice.core.stream.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Canonical answers to Responses {@code response} bodies, checked against {@code wire/openai/responses.json}. */
class ResponsesResponseEncodingTest {
  private final ResponsesDialect dialect = ResponsesTesting.dialect();

  private static final Usage FIXTURE_USAGE = new Usage(9, 0, 0, 4, 0, UsageSource.REPORTED);

  private ChatRequest request(String singleQuoted) {
    return dialect.decodeRequest(body(singleQuoted));
  }

  private JsonNode encode(ChatResponse response, ChatRequest request) {
    return tree(dialect.encodeResponse(response, request));
  }

  @Test
  void textAnswerIsTheFixtureExceptIdsAndStore() {
    ChatRequest request = request("{'model':'gpt-4o-mini-2024-07-18','input':'Hi'}");
    ChatResponse answer = new ChatResponse("chatcmpl-1", "gpt-4o-mini-2024-07-18",
        List.of(Part.Text.of("Hello"), Part.Text.of(" there!")), FinishReason.STOP, null, FIXTURE_USAGE);

    JsonNode actual = encode(answer, request);
    ObjectNode expected = (ObjectNode) tree(Fixtures.bytes("openai/responses.json"));

    assertThat(actual.path("id").asText()).matches("resp_[0-9a-f]{32}");
    assertThat(actual.path("output").get(0).path("id").asText()).matches("msg_[0-9a-f]{32}");
    expected.put("id", actual.path("id").asText());
    ((ObjectNode) expected.path("output").get(0)).put("id", actual.path("output").get(0).path("id").asText());
    expected.put("store", false); // Sluice stores nothing, whatever the caller asked
    assertThat(actual).isEqualTo(expected);
    assertSameMemberOrder(actual, expected, "$");
    assertThat(actual.has("output_text")).as("an SDK convenience, not on the wire").isFalse();
  }

  @Test
  void reasoningTextAndToolCallsBecomeItemsInOrder() {
    ChatRequest request = request("{'model':'smart','input':'Weather?','tools':[{'type':'function','name':'weather',"
        + "'parameters':{'type':'object'}}],'tool_choice':'required','reasoning':{'effort':'high'}}");
    Usage usage = new Usage(120, 100, 0, 50, 30, UsageSource.REPORTED);
    ChatResponse answer = new ChatResponse("msg_01", "claude-x", List.of(
        new Part.Reasoning("Need the tool.", "c2ln", null),
        Part.Text.of("Let me check."),
        new Part.ToolCall("toolu_1", "weather", "{\"city\":\"Paris\"}"),
        new Part.ToolCall("toolu_2", "weather", "")), FinishReason.TOOL_CALLS, null, usage);

    JsonNode r = encode(answer, request);

    assertThat(r.path("status").asText()).isEqualTo("completed");
    assertThat(r.path("model").asText()).as("the caller's model name").isEqualTo("smart");
    JsonNode output = r.path("output");
    assertThat(output).hasSize(4);
    assertThat(output.get(0).path("type").asText()).isEqualTo("reasoning");
    assertThat(output.get(0).path("id").asText()).startsWith("rs_");
    assertThat(output.get(0).path("summary").get(0).path("text").asText()).isEqualTo("Need the tool.");
    assertThat(output.get(0).path("encrypted_content").asText()).isEqualTo("c2ln");
    assertThat(output.get(1).path("content").get(0).path("text").asText()).isEqualTo("Let me check.");
    JsonNode call = output.get(2);
    assertThat(call.path("type").asText()).isEqualTo("function_call");
    assertThat(call.path("id").asText()).startsWith("fc_");
    assertThat(call.path("call_id").asText()).isEqualTo("toolu_1");
    assertThat(call.path("name").asText()).isEqualTo("weather");
    assertThat(call.path("arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(call.path("status").asText()).isEqualTo("completed");
    assertThat(output.get(3).path("arguments").asText()).isEqualTo("{}");
    JsonNode u = r.path("usage");
    assertThat(u.path("input_tokens").asLong()).isEqualTo(120);
    assertThat(u.path("input_tokens_details").path("cached_tokens").asLong()).isEqualTo(100);
    assertThat(u.path("output_tokens").asLong()).isEqualTo(50);
    assertThat(u.path("output_tokens_details").path("reasoning_tokens").asLong()).isEqualTo(30);
    assertThat(u.path("total_tokens").asLong()).isEqualTo(170);
    assertThat(r.path("tool_choice").asText()).isEqualTo("required");
    assertThat(r.path("tools").get(0).path("name").asText()).isEqualTo("weather");
    assertThat(r.path("reasoning").path("effort").asText()).isEqualTo("high");
  }

  @Test
  void theAnswerGoesBackAsInputUnchanged() {
    ChatResponse answer = new ChatResponse("msg_01", "claude-x", List.of(
        new Part.Reasoning("Think.", "c2ln", null),
        new Part.Reasoning(null, null, "b3BhcXVl"),
        Part.Text.of("Calling."),
        new Part.ToolCall("toolu_1", "weather", "{\"city\":\"Paris\"}")), FinishReason.TOOL_CALLS, null, Usage.NONE);
    JsonNode output = encode(answer, request("{'model':'m','input':'Weather?'}")).path("output");

    String next = "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":\"Weather?\"},"
        + output.get(0) + "," + output.get(1) + "," + output.get(2) + "," + output.get(3) + ","
        + "{\"type\":\"function_call_output\",\"call_id\":\"toolu_1\",\"output\":\"18C\"}]}";
    ChatRequest again = dialect.decodeRequest(next.getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(again.messages().get(1)).isEqualTo(new Message(Role.ASSISTANT, answer.content()));
  }

  @Test
  void lengthIsIncompleteWithItsReason() {
    ChatResponse answer = new ChatResponse("x", "m", List.of(Part.Text.of("Once upon")), FinishReason.LENGTH, null,
        FIXTURE_USAGE);
    JsonNode r = encode(answer, request("{'model':'m','input':'Story','max_output_tokens':16}"));

    assertThat(r.path("status").asText()).isEqualTo("incomplete");
    assertThat(r.path("incomplete_details").path("reason").asText()).isEqualTo("max_output_tokens");
    assertThat(r.path("max_output_tokens").asInt()).isEqualTo(16);
  }

  @Test
  void contentFilterIsIncompleteToo() {
    ChatResponse answer = new ChatResponse("x", "m", List.of(), FinishReason.CONTENT_FILTER, null, FIXTURE_USAGE);
    JsonNode r = encode(answer, request("{'model':'m','input':'x'}"));

    assertThat(r.path("incomplete_details").path("reason").asText()).isEqualTo("content_filter");
    assertThat(r.path("output").get(0).path("content").get(0).path("text").asText())
        .as("an empty answer still has a message").isEmpty();
  }

  @Test
  void echoesTheCallersSettings() {
    ChatRequest request = request("{'model':'m','instructions':'Be brief.','input':'x','temperature':0.3,"
        + "'top_p':0.5,'parallel_tool_calls':false,'user':'u-9','metadata':{'team':'a'},"
        + "'tools':[{'type':'function','name':'f','description':'d','parameters':{'type':'object'}}],"
        + "'tool_choice':{'type':'function','name':'f'},"
        + "'text':{'format':{'type':'json_schema','name':'out','schema':{'type':'object'},'strict':true}}}");
    JsonNode r = encode(new ChatResponse("x", "m", List.of(Part.Text.of("{}")), FinishReason.STOP, null,
        FIXTURE_USAGE), request);

    assertThat(r.path("instructions").asText()).isEqualTo("Be brief.");
    assertThat(r.path("temperature").asDouble()).isEqualTo(0.3);
    assertThat(r.path("top_p").asDouble()).isEqualTo(0.5);
    assertThat(r.path("parallel_tool_calls").asBoolean()).isFalse();
    assertThat(r.path("user").asText()).isEqualTo("u-9");
    assertThat(r.path("metadata").path("team").asText()).isEqualTo("a");
    assertThat(r.path("tools").get(0).toString())
        .isEqualTo("{\"type\":\"function\",\"description\":\"d\",\"name\":\"f\",\"parameters\":{\"type\":\"object\"},"
            + "\"strict\":null}");
    assertThat(r.path("tool_choice").toString()).isEqualTo("{\"type\":\"function\",\"name\":\"f\"}");
    assertThat(r.path("text").toString()).isEqualTo("{\"format\":{\"type\":\"json_schema\",\"name\":\"out\","
        + "\"schema\":{\"type\":\"object\"},\"strict\":true}}");
  }

  @Test
  void unknownUsageIsNull() {
    JsonNode r = encode(new ChatResponse("x", "m", List.of(Part.Text.of("a")), FinishReason.STOP, null, Usage.NONE),
        request("{'model':'m','input':'x'}"));

    assertThat(r.path("usage").isNull()).isTrue();
  }

  @Test
  void errorBodyIsOpenAisErrorObject() {
    JsonNode e = tree(dialect.errorBody(GatewayException.invalidRequest("Bad thing.", "input[0].role", "invalid_value")));

    assertThat(e.toString()).isEqualTo("{\"error\":{\"message\":\"Bad thing.\",\"type\":\"invalid_request_error\","
        + "\"param\":\"input[0].role\",\"code\":\"invalid_value\"}}");
  }
}
