package dev.sluice.core.dialect.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.model.Usage;
import dev.sluice.core.model.UsageSource;
import dev.sluice.core.stream.Fixtures;
import dev.sluice.core.stream.SseEvent;
import dev.sluice.core.stream.SseParser;
import dev.sluice.core.stream.SseWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiStreamRelayTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TEXT = "openai/chat-completion-stream-text.sse";
  private static final String TOOLS = "openai/chat-completion-stream-tool-calls.sse";

  /** What the client receives: the relay's output for every event of a fixture, parsed back into events. */
  private record Relayed(OpenAiStreamRelay relay, byte[] bytes, List<SseEvent> events) {}

  private static Relayed relay(String fixture, boolean clientWantsUsage) {
    return relay(Fixtures.bytes(fixture), clientWantsUsage);
  }

  private static Relayed relay(byte[] upstream, boolean clientWantsUsage) {
    OpenAiStreamRelay relay = new OpenAiStreamRelay(clientWantsUsage);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SseParser parser = new SseParser(e -> {
      byte[] bytes = relay.onEvent(e);
      if (bytes != null) {
        out.writeBytes(bytes);
      }
    });
    parser.feed(upstream);
    parser.endOfInput();
    List<SseEvent> events = new ArrayList<>();
    SseParser back = new SseParser(events::add);
    back.feed(out.toByteArray());
    back.endOfInput();
    assertThat(back.hasPartialEvent()).isFalse();
    return new Relayed(relay, out.toByteArray(), events);
  }

  private static List<SseEvent> events(String fixture) {
    List<SseEvent> events = new ArrayList<>();
    new SseParser(events::add).feed(Fixtures.bytes(fixture));
    return events;
  }

  @Test
  void clientThatAskedForUsageGetsTheStreamByteForByte() {
    for (String fixture : List.of(TEXT, TOOLS)) {
      Relayed r = relay(fixture, true);
      assertThat(new String(r.bytes(), StandardCharsets.UTF_8))
          .isEqualTo(new String(Fixtures.bytes(fixture), StandardCharsets.UTF_8));
      assertThat(r.relay().done()).isTrue();
    }
  }

  @Test
  void textStreamWithUsageWanted() {
    Relayed r = relay(TEXT, true);
    assertThat(r.events()).hasSize(13);
    assertThat(r.relay().usage()).isEqualTo(new Usage(13, 0, 0, 9, 0, UsageSource.REPORTED));
    assertThat(r.relay().finishReason()).isEqualTo("stop");
    assertThat(r.relay().contentEvents()).isEqualTo(9);
    assertThat(r.relay().sawFirstContent()).isTrue();
    assertThat(r.relay().failed()).isFalse();
    assertThat(r.events().get(12).data()).isEqualTo("[DONE]");
  }

  @Test
  void textStreamWithoutUsageDropsTheUsageChunk() throws Exception {
    Relayed r = relay(TEXT, false);
    assertThat(r.events()).hasSize(12);
    assertThat(r.events().get(11).data()).isEqualTo("[DONE]");
    for (SseEvent e : r.events().subList(0, 11)) {
      JsonNode usage = JSON.readTree(e.data()).get("usage");
      assertThat(usage == null || usage.isNull()).as(e.data()).isTrue();
    }
    assertThat(r.events().subList(0, 11)).isEqualTo(events(TEXT).subList(0, 11));
    assertThat(r.relay().usage()).isEqualTo(new Usage(13, 0, 0, 9, 0, UsageSource.REPORTED));
    assertThat(r.relay().done()).isTrue();
  }

  @Test
  void toolCallStream() {
    Relayed wanted = relay(TOOLS, true);
    assertThat(wanted.events()).hasSize(16);
    Relayed unwanted = relay(TOOLS, false);
    assertThat(unwanted.events()).hasSize(15);
    assertThat(unwanted.events().get(14).data()).isEqualTo("[DONE]");
    for (Relayed r : List.of(wanted, unwanted)) {
      assertThat(r.relay().usage()).isEqualTo(new Usage(82, 0, 0, 51, 0, UsageSource.REPORTED));
      assertThat(r.relay().finishReason()).isEqualTo("tool_calls");
      assertThat(r.relay().contentEvents()).isEqualTo(13);
      assertThat(r.relay().done()).isTrue();
    }
  }

  @Test
  void usageOnAChunkWithChoicesIsRemovedNotDropped() throws Exception {
    String chunk = "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},\"finish_reason\":\"stop\","
        + "\"logprobs\":{\"p\":-0.10}}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}";
    OpenAiStreamRelay relay = new OpenAiStreamRelay(false);
    byte[] out = relay.onEvent(SseEvent.ofData(chunk));
    String expected = "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},"
        + "\"finish_reason\":\"stop\",\"logprobs\":{\"p\":-0.10}}]}";
    assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("data: " + expected + "\n\n");
    assertThat(relay.usage().inputTokens()).isEqualTo(3);
    assertThat(relay.contentEvents()).isEqualTo(1);
    assertThat(relay.finishReason()).isEqualTo("stop");
  }

  @Test
  void spacedJsonIsRecognisedToo() {
    String chunk = "{\"id\": \"c\", \"choices\": [], \"usage\" : {\"prompt_tokens\": 4, \"completion_tokens\": 2}}";
    OpenAiStreamRelay relay = new OpenAiStreamRelay(false);
    assertThat(relay.onEvent(SseEvent.ofData(chunk))).isNull();
    assertThat(relay.usage().outputTokens()).isEqualTo(2);
  }

  @Test
  void usageNullChunksPassUnchanged() {
    SseEvent chunk = SseEvent.ofData("{\"choices\":[{\"delta\":{\"content\":\"\"},\"finish_reason\":null}],"
        + "\"usage\":null}");
    OpenAiStreamRelay relay = new OpenAiStreamRelay(false);
    assertThat(relay.onEvent(chunk)).isEqualTo(SseWriter.encode(chunk));
    assertThat(relay.sawFirstContent()).isFalse();
    assertThat(relay.finishReason()).isNull();
    assertThat(relay.usage()).isEqualTo(Usage.NONE);
  }

  @Test
  void textThatLooksLikeKeysIsNotMistakenForThem() {
    SseEvent chunk = SseEvent.ofData("{\"choices\":[{\"delta\":{\"content\":\"\\\"usage\\\":{\\\"finish_reason\\\":"
        + "\\\"x\\\"}\"},\"finish_reason\":null}],\"usage\":null}");
    OpenAiStreamRelay relay = new OpenAiStreamRelay(false);
    assertThat(relay.onEvent(chunk)).isEqualTo(SseWriter.encode(chunk));
    assertThat(relay.finishReason()).isNull();
    assertThat(relay.contentEvents()).isEqualTo(1);
    assertThat(relay.usage()).isEqualTo(Usage.NONE);
  }

  @Test
  void errorEventMarksFailureAndIsForwarded() {
    SseEvent error = SseEvent.ofData("{\"error\":{\"message\":\"The server had an error while processing your"
        + " request.\",\"type\":\"server_error\",\"param\":null,\"code\":null}}");
    OpenAiStreamRelay relay = new OpenAiStreamRelay(false);
    assertThat(relay.onEvent(error)).isEqualTo(SseWriter.encode(error));
    assertThat(relay.failed()).isTrue();
    assertThat(relay.errorMessage()).isEqualTo("The server had an error while processing your request.");
    assertThat(relay.done()).isFalse();
  }

  @Test
  void errorAsAPlainString() {
    OpenAiStreamRelay relay = new OpenAiStreamRelay(true);
    relay.onEvent(SseEvent.ofData("{ \"error\" : \"overloaded\"}"));
    assertThat(relay.failed()).isTrue();
    assertThat(relay.errorMessage()).isEqualTo("overloaded");
  }

  @Test
  void reasoningAndRefusalDeltasCountAsContent() {
    OpenAiStreamRelay relay = new OpenAiStreamRelay(false);
    relay.onEvent(SseEvent.ofData("{\"choices\":[{\"delta\":{\"reasoning_content\":\"Let me think\"}}]}"));
    relay.onEvent(SseEvent.ofData("{\"choices\":[{\"delta\":{\"reasoning\":\"more\"}}]}"));
    relay.onEvent(SseEvent.ofData("{\"choices\":[{\"delta\":{\"refusal\":\"No.\"}}]}"));
    relay.onEvent(SseEvent.ofData("{\"choices\":[{\"delta\":{\"tool_calls\":[]}}]}"));
    assertThat(relay.contentEvents()).isEqualTo(3);
  }

  @Test
  void finishReasonOfTheLastChoiceWins() {
    OpenAiStreamRelay relay = new OpenAiStreamRelay(false);
    relay.onEvent(SseEvent.ofData("{\"choices\":[{\"index\":0,\"finish_reason\":\"stop\"},"
        + "{\"index\":1,\"finish_reason\":\"length\"}]}"));
    relay.onEvent(SseEvent.ofData("{\"choices\":[{\"index\":0,\"finish_reason\":null}]}"));
    assertThat(relay.finishReason()).isEqualTo("length");
    relay.onEvent(SseEvent.ofData("{\"choices\":[{\"finish_reason\":\"content_\\u0066ilter\"}]}"));
    assertThat(relay.finishReason()).isEqualTo("content_filter");
  }

  @Test
  void streamCutShortIsNotDone() {
    byte[] fixture = Fixtures.bytes(TEXT);
    Relayed r = relay(java.util.Arrays.copyOf(fixture, fixture.length / 2), false);
    assertThat(r.relay().done()).isFalse();
    assertThat(r.relay().usage()).isEqualTo(Usage.NONE);
    assertThat(r.relay().sawFirstContent()).isTrue();
  }

  /** Half a chunk (a provider cut mid-write) fails the stream and is not forwarded; a blank data line is not. */
  @Test
  void anEventThatIsNotShapedLikeAnObjectFailsTheStream() {
    for (String bad : new String[] {"{\"id\":\"chatcmpl-1\",\"choices\":[{\"delta\":{\"content\":\"Hi", "hello",
        "[1,2]", "\"x\""}) {
      OpenAiStreamRelay relay = new OpenAiStreamRelay(false);
      assertThat(relay.onEvent(new SseEvent(null, bad, null))).as(bad).isNull();
      assertThat(relay.failed()).as(bad).isTrue();
      assertThat(relay.errorMessage()).isEqualTo("The provider sent a stream event that is not a JSON object.");
    }
    OpenAiStreamRelay relay = new OpenAiStreamRelay(false);
    assertThat(relay.onEvent(new SseEvent(null, " ", null))).isNotNull();
    assertThat(relay.onEvent(new SseEvent(null, " {\"choices\":[]} ", null))).isNotNull();
    assertThat(relay.failed()).isFalse();
  }
}
