package dev.sluice.core.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.canonical.FinishReason;
import dev.sluice.core.canonical.ProviderStreamDecoder;
import dev.sluice.core.canonical.StreamEvent;
import dev.sluice.core.model.Usage;
import dev.sluice.core.model.UsageSource;
import dev.sluice.core.stream.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** OpenAI chat streams → canonical events: the recorded fixtures at every split, and broken streams. */
class OpenAiChatCodecStreamTest {
  static final String TEXT = "openai/chat-completion-stream-text.sse";
  static final String TOOLS = "openai/chat-completion-stream-tool-calls.sse";
  private static final String ID = "chatcmpl-Bx7kQ2nF0aZ9yW3vT6uR1sP4oN8m";
  private static final String MODEL = "gpt-4o-mini-2024-07-18";

  private static final OpenAiChatCodec CODEC = OpenAiChatCodecRequestTest.codec(Map.of());

  static List<StreamEvent> decode(byte[] body, int... cuts) {
    ProviderStreamDecoder decoder = CODEC.streamDecoder();
    List<StreamEvent> events = new ArrayList<>();
    int from = 0;
    for (int cut : cuts) {
      decoder.feed(body, from, cut - from, events::add);
      from = cut;
    }
    decoder.feed(body, from, body.length - from, events::add);
    decoder.endOfInput(events::add);
    return events;
  }

  private static List<StreamEvent> decode(String body) {
    return decode(body.getBytes(StandardCharsets.UTF_8));
  }

  /** Each chunk (JSON with ' for ", or [DONE]) as one {@code data:} event. */
  private static List<StreamEvent> decodeChunks(String... chunks) {
    StringBuilder body = new StringBuilder();
    for (String chunk : chunks) {
      body.append("data: ").append(chunk.replace('\'', '"')).append("\n\n");
    }
    return decode(body.toString());
  }

  static List<StreamEvent> expectedText() {
    List<StreamEvent> events = new ArrayList<>();
    events.add(new StreamEvent.Start(ID, MODEL));
    for (String piece : List.of("Hello", "!", " How", " can", " I", " help", " you", " today", "?")) {
      events.add(new StreamEvent.TextDelta(piece));
    }
    events.add(new StreamEvent.Finish(FinishReason.STOP, null));
    events.add(new StreamEvent.UsageReport(new Usage(13, 0, 0, 9, 0, UsageSource.REPORTED)));
    events.add(StreamEvent.END);
    return events;
  }

  static List<StreamEvent> expectedTools() {
    List<StreamEvent> events = new ArrayList<>();
    events.add(new StreamEvent.Start(ID, MODEL));
    events.add(new StreamEvent.ToolCallStart(0, "call_Q3kz8bP1mVt7xR2nL5wY9aHd", "get_weather"));
    for (String f : List.of("{\"ci", "ty\":", " \"Paris", "\", \"un", "it\": \"c", "elsius\"}")) {
      events.add(new StreamEvent.ToolCallDelta(0, f));
    }
    events.add(new StreamEvent.ToolCallStart(1, "call_T8cJ4eN6sG1pK0vW3qZ7fBuM", "get_weather"));
    for (String f : List.of("{\"ci", "ty\": \"To", "kyo\", \"u", "nit\": \"cel", "sius\"}")) {
      events.add(new StreamEvent.ToolCallDelta(1, f));
    }
    events.add(new StreamEvent.ToolCallEnd(0));
    events.add(new StreamEvent.ToolCallEnd(1));
    events.add(new StreamEvent.Finish(FinishReason.TOOL_CALLS, null));
    events.add(new StreamEvent.UsageReport(new Usage(82, 0, 0, 51, 0, UsageSource.REPORTED)));
    events.add(StreamEvent.END);
    return events;
  }

  @Test
  void textFixture() {
    assertThat(decode(Fixtures.bytes(TEXT))).containsExactlyElementsOf(expectedText());
  }

  @Test
  void toolCallFixture() {
    assertThat(decode(Fixtures.bytes(TOOLS))).containsExactlyElementsOf(expectedTools());
  }

  @Test
  void everySplitPointGivesTheSameEvents() {
    for (String name : List.of(TEXT, TOOLS)) {
      byte[] body = Fixtures.bytes(name);
      List<StreamEvent> whole = decode(body);
      for (int cut = 0; cut <= body.length; cut++) {
        assertThat(decode(body, cut)).as("%s cut at %d", name, cut).isEqualTo(whole);
      }
    }
  }

  @Property(tries = 300)
  void anySplitsGiveTheSameEvents(@ForAll boolean tools, @ForAll boolean crlf,
      @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 100_000) Integer> cutSeeds) {
    String text = new String(Fixtures.bytes(tools ? TOOLS : TEXT), StandardCharsets.UTF_8);
    byte[] body = (crlf ? text.replace("\n", "\r\n") : text).getBytes(StandardCharsets.UTF_8);
    int[] cuts = cutSeeds.stream().mapToInt(s -> s % (body.length + 1)).sorted().toArray();
    assertThat(decode(body, cuts)).isEqualTo(tools ? expectedTools() : expectedText());
  }

  @Test
  void oneByteAtATime() {
    byte[] body = Fixtures.bytes(TOOLS);
    int[] cuts = new int[body.length - 1];
    Arrays.setAll(cuts, i -> i + 1);
    assertThat(decode(body, cuts)).isEqualTo(expectedTools());
  }

  @Test
  void aStreamCutShortEndsWithAnErrorAndNoEnd() {
    byte[] body = Fixtures.bytes(TEXT);
    String text = new String(body, StandardCharsets.UTF_8);
    int thirdEvent = nthEventEnd(text, 3);
    for (int end : new int[] {thirdEvent, thirdEvent + 25}) { // at an event boundary, and mid-event
      List<StreamEvent> events = decode(Arrays.copyOf(body, end));
      assertThat(events).doesNotContain(StreamEvent.END);
      assertThat(events.getLast()).isEqualTo(
          new StreamEvent.Error("stream_truncated", "The provider's stream ended before [DONE]."));
      assertThat(events.get(1)).isEqualTo(new StreamEvent.TextDelta("Hello"));
    }
  }

  @Test
  void anEndRightAfterTheFinishChunkIsAProperEnd() {
    String text = new String(Fixtures.bytes(TEXT), StandardCharsets.UTF_8);
    List<StreamEvent> events = decode(text.substring(0, nthEventEnd(text, 11)));
    assertThat(events).endsWith(new StreamEvent.Finish(FinishReason.STOP, null), StreamEvent.END);
    assertThat(events).noneMatch(StreamEvent.UsageReport.class::isInstance);
  }

  private static int nthEventEnd(String text, int n) {
    int at = 0;
    for (int i = 0; i < n; i++) {
      at = text.indexOf("\n\n", at) + 2;
    }
    return at;
  }

  @Test
  void anErrorChunkIsAnErrorAndNothingAfterIt() {
    List<StreamEvent> events = decodeChunks(
        "{'id':'c1','choices':[{'index':0,'delta':{'content':'Hi'}}]}",
        "{'error':{'message':'The server had an error while processing your request.','type':'server_error',"
            + "'param':null,'code':null}}",
        "{'id':'c1','choices':[{'index':0,'delta':{'content':'more'}}]}",
        "[DONE]");
    assertThat(events).containsExactly(new StreamEvent.Start("c1", null), new StreamEvent.TextDelta("Hi"),
        new StreamEvent.Error("server_error", "The server had an error while processing your request."));
  }

  @Test
  void anErrorChunkBeforeAnythingElseHasNoStart() {
    List<StreamEvent> events = decodeChunks("{'error':{'message':'Rate limit reached','code':'rate_limit_exceeded'}}");
    assertThat(events).containsExactly(new StreamEvent.Error("rate_limit_exceeded", "Rate limit reached"));
  }

  @Test
  void malformedChunksAreErrorsNeverExceptions() {
    for (String bad : List.of("{\"id\":", "42", "[1]", "\"text\"", "nul")) {
      List<StreamEvent> events = decode("data: {\"id\":\"c\",\"choices\":[]}\n\ndata: " + bad
          + "\n\ndata: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]}\n\ndata: [DONE]\n\n");
      assertThat(events).as(bad).containsExactly(new StreamEvent.Start("c", null), new StreamEvent.Error(
          "invalid_response", "The provider sent a stream event that is not a JSON object."));
    }
  }

  @Test
  void oddButValidShapesAreSkipped() {
    List<StreamEvent> events = decode(": keep-alive\n\n"
        + "data: {\"id\":\"c\",\"choices\":null,\"usage\":null}\n\n"
        + "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":null,\"finish_reason\":null}]}\n\n"
        + "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":5,\"tool_calls\":\"x\"}}]}\n\n"
        + "data: {\"id\":\"c\",\"choices\":[{\"index\":1,\"delta\":{\"content\":\"second choice\"}}]}\n\n"
        + "data: [DONE]\n\n");
    assertThat(events).containsExactly(new StreamEvent.Start("c", null),
        new StreamEvent.Finish(FinishReason.STOP, null), StreamEvent.END);
  }

  @Test
  void reasoningDeltasAndCachedUsage() {
    List<StreamEvent> events = decodeChunks(
        "{'id':'r','model':'deepseek-reasoner','choices':[{'index':0,'delta':{'role':'assistant','content':null,"
            + "'reasoning_content':'Six'}}]}",
        "{'id':'r','choices':[{'index':0,'delta':{'reasoning':' sevens.'}}]}",
        "{'id':'r','choices':[{'index':0,'delta':{'content':'42'}}]}",
        "{'id':'r','choices':[{'index':0,'delta':{},'finish_reason':'length'}],'usage':{'prompt_tokens':100,"
            + "'completion_tokens':50,'prompt_tokens_details':{'cached_tokens':64},"
            + "'completion_tokens_details':{'reasoning_tokens':40}}}",
        "[DONE]");
    assertThat(events).containsExactly(new StreamEvent.Start("r", "deepseek-reasoner"),
        StreamEvent.ReasoningDelta.text("Six"), StreamEvent.ReasoningDelta.text(" sevens."),
        new StreamEvent.TextDelta("42"), new StreamEvent.Finish(FinishReason.LENGTH, null),
        new StreamEvent.UsageReport(new Usage(100, 64, 0, 50, 40, UsageSource.REPORTED)), StreamEvent.END);
  }

  @Test
  void groqUsageAndARefusal() {
    List<StreamEvent> events = decode(
        "data: {\"id\":\"g\",\"choices\":[{\"index\":0,\"delta\":{\"refusal\":\"No.\"}}]}\n\n"
            + "data: {\"id\":\"g\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"content_filter\"}],"
            + "\"x_groq\":{\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":2}}}\n\n"
            + "data: [DONE]\n\n");
    assertThat(events).containsExactly(new StreamEvent.Start("g", null), new StreamEvent.TextDelta("No."),
        new StreamEvent.Finish(FinishReason.CONTENT_FILTER, null),
        new StreamEvent.UsageReport(new Usage(7, 0, 0, 2, 0, UsageSource.REPORTED)), StreamEvent.END);
  }

  @Test
  void toolCallsFromLessTidyHosts() {
    // a name before its id is known, arguments before the name, a call without an index, a stop with calls
    List<StreamEvent> events = decodeChunks(
        "{'choices':[{'index':0,'delta':{'tool_calls':[{'index':3,'function':{'arguments':'{\\'a\\''}}]}}]}",
        "{'choices':[{'index':0,'delta':{'tool_calls':[{'index':3,'function':{'name':'f','arguments':':1}'}}]}}]}",
        "{'choices':[{'index':0,'delta':{'tool_calls':[{'id':'x9','function':{'name':'g','arguments':'{}'}}]}}]}",
        "{'choices':[{'index':0,'delta':{},'finish_reason':'stop'}]}",
        "[DONE]");
    assertThat(events).containsExactly(new StreamEvent.Start(null, null),
        new StreamEvent.ToolCallStart(0, "call_0", "f"), new StreamEvent.ToolCallDelta(0, "{\"a\":1}"),
        new StreamEvent.ToolCallStart(1, "x9", "g"), new StreamEvent.ToolCallDelta(1, "{}"),
        new StreamEvent.ToolCallEnd(0), new StreamEvent.ToolCallEnd(1),
        new StreamEvent.Finish(FinishReason.TOOL_CALLS, null), StreamEvent.END);
  }

  @Test
  void doneWithoutAFinishStillFinishes() {
    List<StreamEvent> events = decode("data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":"
        + "[{\"index\":0,\"id\":\"c1\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}}]}\n\ndata: [DONE]\n\n");
    assertThat(events).containsExactly(new StreamEvent.Start("c", null), new StreamEvent.ToolCallStart(0, "c1", "f"),
        new StreamEvent.ToolCallDelta(0, "{}"), new StreamEvent.ToolCallEnd(0),
        new StreamEvent.Finish(FinishReason.TOOL_CALLS, null), StreamEvent.END);
    assertThat(decode("data: [DONE]\n\n")).containsExactly(new StreamEvent.Start(null, null),
        new StreamEvent.Finish(FinishReason.STOP, null), StreamEvent.END);
  }

  @Test
  void anEmptyBodyIsCutShort() {
    assertThat(decode(new byte[0])).containsExactly(
        new StreamEvent.Error("stream_truncated", "The provider's stream ended before [DONE]."));
  }

  @Test
  void inputAfterTheEndIsIgnored() {
    List<StreamEvent> events = decodeChunks("[DONE]", "{'choices':[{'index':0,'delta':{'content':'x'}}]}");
    assertThat(events).endsWith(StreamEvent.END).noneMatch(StreamEvent.TextDelta.class::isInstance);
  }

  @Test
  void anOversizedEventIsAnError() {
    byte[] huge = new byte[17 * 1024 * 1024];
    Arrays.fill(huge, (byte) 'a');
    byte[] prefix = "data: ".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(prefix, 0, huge, 0, prefix.length);
    List<StreamEvent> events = decode(huge);
    assertThat(events).hasSize(1);
    assertThat(events.get(0)).isInstanceOfSatisfying(StreamEvent.Error.class,
        e -> assertThat(e.message()).contains("larger than"));
  }
}
