package dev.sluice.core.dialect.responses;

import static dev.sluice.core.dialect.responses.ResponsesTesting.assertSameMemberOrder;
import static dev.sluice.core.dialect.responses.ResponsesTesting.body;
import static dev.sluice.core.dialect.responses.ResponsesTesting.parseSse;
import static dev.sluice.core.dialect.responses.ResponsesTesting.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.DialectStreamEncoder;
import dev.sluice.core.canonical.FinishReason;
import dev.sluice.core.canonical.StreamEvent;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.model.Usage;
import dev.sluice.core.model.UsageSource;
import dev.sluice.core.stream.Fixtures;
import dev.sluice.core.stream.SseEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Canonical stream events to the Responses named-event stream, checked against {@code responses-stream-text.sse}. */
class ResponsesStreamEncoderTest {
  private static final Usage USAGE = new Usage(9, 0, 0, 4, 0, UsageSource.REPORTED);

  private final ResponsesDialect dialect = ResponsesTesting.dialect();

  private List<SseEvent> stream(ChatRequest request, StreamEvent... events) {
    DialectStreamEncoder encoder = dialect.streamEncoder(request, 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (StreamEvent e : events) {
      byte[] bytes = encoder.encode(e);
      if (bytes != null) {
        out.writeBytes(bytes);
      }
    }
    return parseSse(out.toByteArray());
  }

  private ChatRequest request(String singleQuoted) {
    return dialect.decodeRequest(body(singleQuoted));
  }

  private static List<String> names(List<SseEvent> events) {
    return events.stream().map(SseEvent::event).toList();
  }

  private static List<JsonNode> data(List<SseEvent> events) {
    return events.stream().map(e -> tree(e.data())).toList();
  }

  /** Every event: a name, data whose type is that name, sequence numbers 0, 1, 2, ... */
  private static void assertFraming(List<SseEvent> events) {
    for (int i = 0; i < events.size(); i++) {
      JsonNode d = tree(events.get(i).data());
      assertThat(d.path("type").asText()).as("data.type of event %d", i).isEqualTo(events.get(i).event());
      assertThat(d.path("sequence_number").asInt()).as("sequence_number of event %d", i).isEqualTo(i);
    }
  }

  @Test
  void textStreamIsTheFixtureExceptIdsAndStore() {
    ChatRequest request = request("{'model':'gpt-4o-mini-2024-07-18','input':'Hi','stream':true}");
    List<SseEvent> actual = stream(request, new StreamEvent.Start("chatcmpl-1", "gpt-4o-mini"),
        new StreamEvent.TextDelta("Hello"), new StreamEvent.TextDelta(" there!"),
        new StreamEvent.Finish(FinishReason.STOP, null), new StreamEvent.UsageReport(USAGE), StreamEvent.END);

    String fixture = new String(Fixtures.bytes("openai/responses-stream-text.sse"), StandardCharsets.UTF_8);
    JsonNode created = tree(actual.getFirst().data()).path("response");
    JsonNode messageItem = tree(actual.get(2).data()).path("item");
    fixture = fixture.replace("resp_68c9a1f0e2b4819095c3d7a1b2c3d4e5", created.path("id").asText())
        .replace("msg_68c9a1f1a0c881909f1e2d3c4b5a6978", messageItem.path("id").asText())
        .replace("\"store\":true", "\"store\":false");
    List<SseEvent> expected = parseSse(fixture.getBytes(StandardCharsets.UTF_8));

    assertThat(names(actual)).isEqualTo(names(expected));
    for (int i = 0; i < expected.size(); i++) {
      JsonNode a = tree(actual.get(i).data());
      JsonNode e = tree(expected.get(i).data());
      assertThat(a).as("event %d (%s)", i, expected.get(i).event()).isEqualTo(e);
      assertSameMemberOrder(a, e, expected.get(i).event());
    }
    assertFraming(actual);
  }

  @Test
  void textThenToolCallsWithUsage() {
    ChatRequest request = request("{'model':'smart','input':'Weather?','stream':true,"
        + "'tools':[{'type':'function','name':'weather'},{'type':'function','name':'search'}]}");
    Usage usage = new Usage(92, 64, 0, 52, 0, UsageSource.REPORTED);
    List<SseEvent> events = stream(request,
        new StreamEvent.Start("id", "gpt"),
        new StreamEvent.TextDelta("Let me "), new StreamEvent.TextDelta("check."),
        new StreamEvent.ToolCallStart(0, "call_a", "weather"),
        new StreamEvent.ToolCallDelta(0, "{\"city\""), new StreamEvent.ToolCallDelta(0, ":\"Paris\"}"),
        new StreamEvent.ToolCallEnd(0),
        new StreamEvent.ToolCallStart(1, "call_b", "search"),
        new StreamEvent.ToolCallDelta(1, "{\"q\":\"news\"}"),
        new StreamEvent.Finish(FinishReason.TOOL_CALLS, null),
        new StreamEvent.UsageReport(new Usage(92, 0, 0, 1, 0, UsageSource.REPORTED)),
        new StreamEvent.UsageReport(usage),
        StreamEvent.END);

    assertThat(names(events)).containsExactly(
        "response.created", "response.in_progress",
        "response.output_item.added", "response.content_part.added",
        "response.output_text.delta", "response.output_text.delta",
        "response.output_text.done", "response.content_part.done", "response.output_item.done",
        "response.output_item.added",
        "response.function_call_arguments.delta", "response.function_call_arguments.delta",
        "response.function_call_arguments.done", "response.output_item.done",
        "response.output_item.added",
        "response.function_call_arguments.delta",
        "response.function_call_arguments.done", "response.output_item.done",
        "response.completed");
    assertFraming(events);
    List<JsonNode> data = data(events);

    StringBuilder text = new StringBuilder();
    StringBuilder args = new StringBuilder();
    for (JsonNode d : data) {
      if (d.path("type").asText().equals("response.output_text.delta")) {
        text.append(d.path("delta").asText());
      }
      if (d.path("type").asText().equals("response.function_call_arguments.delta") && d.path("output_index").asInt() == 1) {
        args.append(d.path("delta").asText());
      }
    }
    assertThat(text).hasToString("Let me check.");
    assertThat(data.get(6).path("text").asText()).isEqualTo("Let me check.");
    assertThat(args).hasToString("{\"city\":\"Paris\"}");

    JsonNode added = data.get(9);
    assertThat(added.path("output_index").asInt()).isEqualTo(1);
    assertThat(added.path("item").toString()).isEqualTo("{\"id\":\"" + added.path("item").path("id").asText()
        + "\",\"type\":\"function_call\",\"status\":\"in_progress\",\"arguments\":\"\",\"call_id\":\"call_a\","
        + "\"name\":\"weather\"}");
    JsonNode argsDone = data.get(12);
    assertThat(argsDone.path("item_id").asText()).isEqualTo(added.path("item").path("id").asText());
    assertThat(argsDone.path("arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(argsDone.path("name").asText()).isEqualTo("weather");

    JsonNode response = data.getLast().path("response");
    assertThat(response.path("status").asText()).isEqualTo("completed");
    assertThat(response.path("model").asText()).isEqualTo("smart");
    assertThat(response.path("output")).hasSize(3);
    assertThat(response.path("output").get(0).path("content").get(0).path("text").asText()).isEqualTo("Let me check.");
    assertThat(response.path("output").get(1).path("call_id").asText()).isEqualTo("call_a");
    assertThat(response.path("output").get(2).path("call_id").asText()).isEqualTo("call_b");
    assertThat(response.path("output").get(2).path("arguments").asText()).isEqualTo("{\"q\":\"news\"}");
    assertThat(response.path("output").get(2).path("status").asText()).isEqualTo("completed");
    assertThat(response.path("usage").path("input_tokens").asLong()).as("the last usage report wins").isEqualTo(92);
    assertThat(response.path("usage").path("input_tokens_details").path("cached_tokens").asLong()).isEqualTo(64);
    assertThat(response.path("usage").path("output_tokens").asLong()).isEqualTo(52);
    assertThat(response.path("usage").path("total_tokens").asLong()).isEqualTo(144);
    assertThat(events.stream().map(SseEvent::data)).noneMatch(d -> d.contains("[DONE]"));
  }

  @Test
  void terminalEventWaitsForEnd() {
    DialectStreamEncoder encoder = dialect.streamEncoder(request("{'model':'m','input':'x'}"), 0);
    encoder.encode(new StreamEvent.Start(null, null));
    encoder.encode(new StreamEvent.TextDelta("a"));
    byte[] finish = encoder.encode(new StreamEvent.Finish(FinishReason.STOP, null));

    assertThat(names(parseSse(finish))).containsExactly("response.output_text.done", "response.content_part.done",
        "response.output_item.done");
    assertThat(encoder.encode(new StreamEvent.UsageReport(USAGE))).as("usage alone writes nothing").isNull();
    assertThat(names(parseSse(encoder.encode(StreamEvent.END)))).containsExactly("response.completed");
    assertThat(encoder.encode(StreamEvent.END)).as("nothing after the terminal event").isNull();
  }

  @Test
  void reasoningStreamsAsASummaryAndKeepsItsSignature() {
    List<SseEvent> events = stream(request("{'model':'m','input':'x','reasoning':{'effort':'high'}}"),
        new StreamEvent.Start(null, null),
        StreamEvent.ReasoningDelta.text("Think"), StreamEvent.ReasoningDelta.text("ing."),
        new StreamEvent.ReasoningDelta(null, "c2ln", null),
        new StreamEvent.TextDelta("Answer."),
        new StreamEvent.Finish(FinishReason.STOP, null), new StreamEvent.UsageReport(USAGE), StreamEvent.END);

    assertThat(names(events)).containsExactly("response.created", "response.in_progress",
        "response.output_item.added", "response.reasoning_summary_part.added",
        "response.reasoning_summary_text.delta", "response.reasoning_summary_text.delta",
        "response.reasoning_summary_text.done", "response.reasoning_summary_part.done", "response.output_item.done",
        "response.output_item.added", "response.content_part.added", "response.output_text.delta",
        "response.output_text.done", "response.content_part.done", "response.output_item.done",
        "response.completed");
    assertFraming(events);
    List<JsonNode> data = data(events);
    assertThat(data.get(6).path("text").asText()).isEqualTo("Thinking.");
    JsonNode reasoning = data.get(8).path("item");
    assertThat(reasoning.path("summary").get(0).path("text").asText()).isEqualTo("Thinking.");
    assertThat(reasoning.path("encrypted_content").asText()).isEqualTo("c2ln");
    assertThat(data.get(9).path("output_index").asInt()).isEqualTo(1);
    assertThat(data.getLast().path("response").path("output").get(0)).isEqualTo(reasoning);
  }

  @Test
  void lengthEndsWithResponseIncomplete() {
    List<SseEvent> events = stream(request("{'model':'m','input':'x','max_output_tokens':16}"),
        new StreamEvent.Start(null, null), new StreamEvent.TextDelta("Once"),
        new StreamEvent.Finish(FinishReason.LENGTH, null), new StreamEvent.UsageReport(USAGE), StreamEvent.END);

    JsonNode last = tree(events.getLast().data());
    assertThat(events.getLast().event()).isEqualTo("response.incomplete");
    assertThat(last.path("response").path("status").asText()).isEqualTo("incomplete");
    assertThat(last.path("response").path("incomplete_details").path("reason").asText()).isEqualTo("max_output_tokens");
    assertThat(last.path("response").path("usage").path("output_tokens").asLong()).isEqualTo(4);
  }

  @Test
  void providerErrorMidStreamIsAnErrorEventThenResponseFailed() {
    DialectStreamEncoder encoder = dialect.streamEncoder(request("{'model':'m','input':'x'}"), 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(encoder.encode(new StreamEvent.Start(null, null)));
    out.writeBytes(encoder.encode(new StreamEvent.TextDelta("Hel")));
    out.writeBytes(encoder.encode(new StreamEvent.Error("overloaded_error", "Overloaded")));
    assertThat(encoder.encode(StreamEvent.END)).isNull();
    List<SseEvent> events = parseSse(out.toByteArray());

    assertFraming(events);
    assertThat(names(events).subList(events.size() - 2, events.size())).containsExactly("error", "response.failed");
    JsonNode error = tree(events.get(events.size() - 2).data());
    assertThat(ResponsesTesting.names(error)).containsExactly("type", "code", "message", "param", "sequence_number");
    assertThat(error.path("code").asText()).isEqualTo("overloaded_error");
    assertThat(error.path("message").asText()).isEqualTo("Overloaded");
    assertThat(error.path("param").isNull()).isTrue();
    JsonNode failed = tree(events.getLast().data()).path("response");
    assertThat(failed.path("status").asText()).isEqualTo("failed");
    assertThat(failed.path("error").path("code").asText()).isEqualTo("server_error");
    assertThat(failed.path("error").path("message").asText()).isEqualTo("Overloaded");
    assertThat(failed.path("output").get(0).path("status").asText()).isEqualTo("incomplete");
    assertThat(failed.path("output").get(0).path("content").get(0).path("text").asText()).isEqualTo("Hel");
  }

  @Test
  void gatewayErrorCarriesCodeAndParam() {
    DialectStreamEncoder encoder = dialect.streamEncoder(request("{'model':'m','input':'x'}"), 0);
    encoder.encode(new StreamEvent.Start(null, null));
    List<SseEvent> events = parseSse(encoder.error(GatewayException.rateLimited("Slow down.", 3)));

    assertThat(names(events)).containsExactly("error", "response.failed");
    JsonNode error = tree(events.getFirst().data());
    assertThat(error.path("code").asText()).isEqualTo("rate_limit_exceeded");
    assertThat(error.path("sequence_number").asInt()).isEqualTo(2);
    assertThat(tree(events.getLast().data()).path("response").path("error").path("code").asText())
        .isEqualTo("rate_limit_exceeded");
    assertThat(encoder.error(GatewayException.upstream("again"))).isNull();
  }

  @Test
  void errorBeforeAnyEventStillOpensTheStream() {
    DialectStreamEncoder encoder = dialect.streamEncoder(request("{'model':'m','input':'x'}"), 0);
    List<SseEvent> events = parseSse(encoder.error(GatewayException.upstreamTimeout("No answer in 60 s.")));

    assertThat(names(events)).containsExactly("response.created", "response.in_progress", "error", "response.failed");
    assertFraming(events);
    assertThat(tree(events.get(2).data()).path("code").asText()).isEqualTo("timeout_error");
  }

  @Test
  void callWithoutArgumentsGetsAnEmptyObject() {
    List<SseEvent> events = stream(request("{'model':'m','input':'x'}"), new StreamEvent.Start(null, null),
        new StreamEvent.ToolCallStart(0, "call_1", "now"), new StreamEvent.ToolCallEnd(0),
        new StreamEvent.Finish(FinishReason.TOOL_CALLS, null), StreamEvent.END);

    assertThat(names(events)).containsExactly("response.created", "response.in_progress",
        "response.output_item.added", "response.function_call_arguments.delta",
        "response.function_call_arguments.done", "response.output_item.done", "response.completed");
    List<JsonNode> data = data(events);
    assertThat(data.get(3).path("delta").asText()).isEqualTo("{}");
    assertThat(data.getLast().path("response").path("usage").isNull()).as("no usage was reported").isTrue();
  }

  @Test
  void unfinishedCallsAreClosedAtTheFinish() {
    List<SseEvent> events = stream(request("{'model':'m','input':'x'}"), new StreamEvent.Start(null, null),
        new StreamEvent.ToolCallStart(0, "c0", "a"), new StreamEvent.ToolCallStart(1, "c1", "b"),
        new StreamEvent.ToolCallDelta(1, "{\"x\":1}"), new StreamEvent.ToolCallDelta(0, "{\"y\":2}"),
        new StreamEvent.ToolCallDelta(7, "ignored"),
        new StreamEvent.Finish(FinishReason.TOOL_CALLS, null), StreamEvent.END);

    assertFraming(events);
    JsonNode output = tree(events.getLast().data()).path("response").path("output");
    assertThat(output.get(0).path("arguments").asText()).isEqualTo("{\"y\":2}");
    assertThat(output.get(1).path("arguments").asText()).isEqualTo("{\"x\":1}");
    List<String> doneItems = new ArrayList<>();
    for (JsonNode d : data(events)) {
      if (d.path("type").asText().equals("response.output_item.done")) {
        doneItems.add(d.path("item").path("call_id").asText());
      }
    }
    assertThat(doneItems).containsExactly("c0", "c1");
  }
}
