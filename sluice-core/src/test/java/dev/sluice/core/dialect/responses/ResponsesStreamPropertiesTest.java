package dev.sluice.core.dialect.responses;

import static dev.sluice.core.dialect.responses.ResponsesTesting.parseSse;
import static dev.sluice.core.dialect.responses.ResponsesTesting.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.DialectStreamEncoder;
import dev.sluice.core.canonical.FinishReason;
import dev.sluice.core.canonical.StreamEvent;
import dev.sluice.core.model.Usage;
import dev.sluice.core.model.UsageSource;
import dev.sluice.core.stream.SseEvent;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * What the stream encoder promises for any well-formed canonical stream (random text, reasoning and tool
 * call blocks, any finish reason, usage or not, an in-band error or not): framing, one terminal event last,
 * every item added then done once, and deltas that add up to the done texts and the final response.
 */
class ResponsesStreamPropertiesTest {
  enum Kind { TEXT, REASONING, CALL }

  /** One block of the answer: its pieces are text or argument fragments (may be empty strings). */
  record Block(Kind kind, List<String> pieces, boolean endCall) {}

  record Script(List<Block> blocks, FinishReason reason, boolean usage, int errorAt) {}

  @Provide
  Arbitrary<Script> scripts() {
    Arbitrary<String> piece = Arbitraries.oneOf(Arbitraries.just(""),
        Arbitraries.strings().withChars("ab \"{}:\n\\é😀").ofMaxLength(6));
    Arbitrary<Block> block = Combinators.combine(Arbitraries.of(Kind.class), piece.list().ofMaxSize(5),
        Arbitraries.integers().between(0, 3)).as((k, p, e) -> new Block(k, p, e != 0));
    return Combinators.combine(block.list().ofMaxSize(6), Arbitraries.of(FinishReason.class),
        Arbitraries.of(true, false), Arbitraries.integers().between(-20, 40)).as(Script::new);
  }

  private static List<StreamEvent> events(Script s) {
    List<StreamEvent> events = new ArrayList<>();
    events.add(new StreamEvent.Start("id", "model"));
    int call = 0;
    for (Block b : s.blocks()) {
      switch (b.kind()) {
        case TEXT -> b.pieces().forEach(p -> events.add(new StreamEvent.TextDelta(p)));
        case REASONING -> {
          b.pieces().forEach(p -> events.add(StreamEvent.ReasoningDelta.text(p)));
          events.add(new StreamEvent.ReasoningDelta(null, "sig" + events.size(), null));
        }
        case CALL -> {
          int index = call++;
          events.add(new StreamEvent.ToolCallStart(index, "call_" + index, "f" + index));
          b.pieces().forEach(p -> events.add(new StreamEvent.ToolCallDelta(index, p)));
          if (b.endCall()) {
            events.add(new StreamEvent.ToolCallEnd(index));
          }
        }
      }
    }
    events.add(new StreamEvent.Finish(s.reason(), null));
    if (s.usage()) {
      events.add(new StreamEvent.UsageReport(new Usage(10, 2, 0, 5, 1, UsageSource.REPORTED)));
    }
    if (s.errorAt() >= 0 && s.errorAt() < events.size()) {
      events.add(s.errorAt(), new StreamEvent.Error("overloaded_error", "Overloaded"));
    }
    events.add(StreamEvent.END);
    return events;
  }

  @Property(tries = 400)
  void streamInvariants(@ForAll("scripts") Script script) {
    ChatRequest request = ResponsesTesting.dialect().decodeRequest(ResponsesTesting.body("{'model':'m','input':'x'}"));
    DialectStreamEncoder encoder = ResponsesTesting.dialect().streamEncoder(request, 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<StreamEvent> canonical = events(script);
    for (StreamEvent e : canonical) {
      byte[] bytes = encoder.encode(e);
      if (bytes != null) {
        out.writeBytes(bytes);
      }
    }
    List<SseEvent> events = parseSse(out.toByteArray());
    boolean failed = canonical.stream().anyMatch(StreamEvent.Error.class::isInstance);

    Map<String, StringBuilder> deltas = new HashMap<>();
    Map<String, String> doneTexts = new HashMap<>();
    Map<Integer, String> added = new LinkedHashMap<>();
    Map<Integer, String> done = new LinkedHashMap<>();
    for (int i = 0; i < events.size(); i++) {
      SseEvent e = events.get(i);
      JsonNode d = tree(e.data());
      assertThat(d.path("type").asText()).isEqualTo(e.event());
      assertThat(d.path("sequence_number").asInt()).isEqualTo(i);
      boolean terminal = e.event().equals("response.completed") || e.event().equals("response.incomplete")
          || e.event().equals("response.failed");
      assertThat(terminal).as("terminal only at the end: %s at %d of %d", e.event(), i, events.size())
          .isEqualTo(i == events.size() - 1);
      switch (e.event()) {
        case "response.output_text.delta", "response.reasoning_summary_text.delta",
            "response.function_call_arguments.delta" ->
            deltas.computeIfAbsent(d.path("item_id").asText(), k -> new StringBuilder()).append(d.path("delta").asText());
        case "response.output_text.done", "response.reasoning_summary_text.done" ->
            doneTexts.put(d.path("item_id").asText(), d.path("text").asText());
        case "response.function_call_arguments.done" ->
            doneTexts.put(d.path("item_id").asText(), d.path("arguments").asText());
        case "response.output_item.added" ->
            assertThat(added.put(d.path("output_index").asInt(), d.path("item").path("id").asText())).isNull();
        case "response.output_item.done" -> {
          int index = d.path("output_index").asInt();
          assertThat(added.get(index)).as("added before done").isEqualTo(d.path("item").path("id").asText());
          assertThat(done.put(index, d.path("item").path("id").asText())).as("done once").isNull();
        }
        default -> { }
      }
    }
    for (Map.Entry<String, String> e : doneTexts.entrySet()) {
      StringBuilder sum = deltas.get(e.getKey());
      assertThat(sum == null ? "" : sum.toString()).as("deltas of %s", e.getKey()).isEqualTo(e.getValue());
    }

    SseEvent last = events.getLast();
    JsonNode response = tree(last.data()).path("response");
    JsonNode output = response.path("output");
    assertThat(output.size()).isEqualTo(added.size());
    for (int i = 0; i < output.size(); i++) {
      assertThat(output.get(i).path("id").asText()).isEqualTo(added.get(i));
    }
    if (failed) {
      assertThat(last.event()).isEqualTo("response.failed");
      assertThat(events.get(events.size() - 2).event()).isEqualTo("error");
      return;
    }
    assertThat(done.keySet()).as("every item is done").isEqualTo(added.keySet());
    String expectedStatus = switch (script.reason()) {
      case LENGTH, CONTENT_FILTER -> "incomplete";
      case ERROR -> "failed";
      default -> "completed";
    };
    assertThat(response.path("status").asText()).isEqualTo(expectedStatus);
    assertThat(response.path("usage").isNull()).isEqualTo(!script.usage());
    for (JsonNode item : output) {
      String id = item.path("id").asText();
      StringBuilder sum = deltas.get(id);
      String streamed = sum == null ? "" : sum.toString();
      switch (item.path("type").asText()) {
        case "message" -> assertThat(item.path("content").get(0).path("text").asText()).isEqualTo(streamed);
        case "function_call" -> assertThat(item.path("arguments").asText()).isEqualTo(streamed);
        case "reasoning" -> assertThat(item.path("summary").path(0).path("text").asText("")).isEqualTo(streamed);
        default -> throw new AssertionError("unexpected item " + item);
      }
    }
    assertThat(joinedPieces(script, Kind.TEXT)).isEqualTo(joinedOutput(output, "message"));
  }

  private static String joinedPieces(Script s, Kind kind) {
    StringBuilder sb = new StringBuilder();
    s.blocks().stream().filter(b -> b.kind() == kind).forEach(b -> b.pieces().forEach(sb::append));
    return sb.toString();
  }

  private static String joinedOutput(JsonNode output, String type) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode item : output) {
      if (item.path("type").asText().equals(type)) {
        sb.append(item.path("content").get(0).path("text").asText());
      }
    }
    return sb.toString();
  }
}
