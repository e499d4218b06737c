package dev.sluice.core.dialect.openai;

import static dev.sluice.core.dialect.openai.OpenAiCanonicalFixtures.FIXTURE_CLOCK;
import static dev.sluice.core.dialect.openai.OpenAiCanonicalFixtures.FIXTURE_ID;
import static dev.sluice.core.dialect.openai.OpenAiCanonicalFixtures.FIXTURE_MODEL;
import static dev.sluice.core.dialect.openai.OpenAiCanonicalFixtures.json;
import static dev.sluice.core.dialect.openai.OpenAiCanonicalFixtures.keys;
import static dev.sluice.core.dialect.openai.OpenAiCanonicalFixtures.normalisedBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.ChatResponse;
import dev.sluice.core.canonical.FinishReason;
import dev.sluice.core.canonical.Message;
import dev.sluice.core.canonical.Part;
import dev.sluice.core.canonical.Role;
import dev.sluice.core.error.ErrorKind;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.model.Usage;
import dev.sluice.core.model.UsageSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Canonical answer → {@code chat.completion}, compared with the recorded OpenAI bodies. */
class OpenAiChatDialectResponseTest {
  private final OpenAiChatDialect dialect = new OpenAiChatDialect(FIXTURE_CLOCK);

  private static ChatRequest request(String model) {
    return new ChatRequest(model, List.of(), List.of(Message.text(Role.USER, "Hi")), null, null, null, null, null,
        null, null, null, null, null, null, null, null, false, false, null, null);
  }

  private static Usage usage(long in, long cached, long out, long reasoning) {
    return new Usage(in, cached, 0, out, reasoning, UsageSource.REPORTED);
  }

  private JsonNode encode(ChatResponse response, String model) {
    return json(dialect.encodeResponse(response, request(model)));
  }

  @Test
  void textAnswerIsTheRecordedCompletion() {
    ChatResponse response = new ChatResponse(FIXTURE_ID, "claude-sonnet-4-20250514",
        List.of(Part.Text.of("Hello! How can I help you today?")), FinishReason.STOP, null, usage(13, 0, 9, 0));
    JsonNode out = encode(response, FIXTURE_MODEL);
    JsonNode expected = normalisedBody("chat-completion.json");
    assertThat(out).isEqualTo(expected);
    assertThat(keys(out)).containsExactlyElementsOf(keys(expected));
    assertThat(keys(out.at("/choices/0/message"))).containsExactlyElementsOf(keys(expected.at("/choices/0/message")));
  }

  @Test
  void toolCallAnswerIsTheRecordedCompletion() {
    ChatResponse response = new ChatResponse(FIXTURE_ID, "x", List.of(
        new Part.ToolCall("call_Q3kz8bP1mVt7xR2nL5wY9aHd", "get_weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}"),
        new Part.ToolCall("call_T8cJ4eN6sG1pK0vW3qZ7fBuM", "get_weather", "{\"city\":\"Tokyo\",\"unit\":\"celsius\"}")),
        FinishReason.TOOL_CALLS, null, usage(82, 0, 51, 0));
    JsonNode out = encode(response, FIXTURE_MODEL);
    JsonNode expected = normalisedBody("chat-completion-tool-calls.json");
    assertThat(out).isEqualTo(expected);
    assertThat(out.at("/choices/0/message/content").isNull()).isTrue();
    assertThat(keys(out.at("/choices/0/message"))).containsExactlyElementsOf(keys(expected.at("/choices/0/message")));
  }

  @Test
  void modelIsTheCallersNameAndCreatedComesFromTheClock() {
    ChatResponse response = new ChatResponse("msg_01", "claude-sonnet-4-20250514", List.of(Part.Text.of("x")),
        FinishReason.STOP, null, Usage.NONE);
    JsonNode out = encode(response, "smart");
    assertThat(out.get("model").asText()).isEqualTo("smart");
    assertThat(out.get("created").asLong()).isEqualTo(1_760_000_000L);
    assertThat(out.get("id").asText()).isEqualTo("chatcmpl-msg_01");
  }

  @Test
  void missingIdGetsARandomOneWithOpenAisPrefix() {
    ChatResponse response = new ChatResponse(null, null, List.of(Part.Text.of("x")), FinishReason.STOP, null,
        Usage.NONE);
    String a = encode(response, "m").get("id").asText();
    String b = encode(response, "m").get("id").asText();
    assertThat(a).matches("chatcmpl-[A-Za-z0-9]{29}");
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void usageWithCachedAndReasoningTokens() {
    ChatResponse response = new ChatResponse("id", "m", List.of(Part.Text.of("x")), FinishReason.STOP, null,
        usage(1200, 1024, 300, 256));
    JsonNode usage = encode(response, "m").get("usage");
    assertThat(usage).isEqualTo(json("{\"prompt_tokens\":1200,\"completion_tokens\":300,\"total_tokens\":1500,"
        + "\"prompt_tokens_details\":{\"cached_tokens\":1024},"
        + "\"completion_tokens_details\":{\"reasoning_tokens\":256}}"));
  }

  @Test
  void missingUsageIsWrittenAsZeros() {
    ChatResponse response = new ChatResponse("id", "m", List.of(), FinishReason.STOP, null, Usage.NONE);
    JsonNode out = encode(response, "m");
    assertThat(out.at("/usage/total_tokens").asLong()).isZero();
    assertThat(out.at("/choices/0/message/content").asText()).isEmpty(); // an empty answer is "", not null
  }

  @Test
  void reasoningGoesToReasoningContentAndSignaturesAreDropped() {
    ChatResponse response = new ChatResponse("id", "m", List.of(new Part.Reasoning("Think", "sig", null),
        new Part.Reasoning(" more.", null, null), new Part.Reasoning(null, null, "opaque"), Part.Text.of("42")),
        FinishReason.STOP, null, Usage.NONE);
    JsonNode message = encode(response, "m").at("/choices/0/message");
    assertThat(message.get("reasoning_content").asText()).isEqualTo("Think more.");
    assertThat(message.get("content").asText()).isEqualTo("42");
    assertThat(message.toString()).doesNotContain("sig").doesNotContain("opaque");
    ChatResponse plain = new ChatResponse("id", "m", List.of(Part.Text.of("42")), FinishReason.STOP, null,
        Usage.NONE);
    assertThat(encode(plain, "m").at("/choices/0/message").has("reasoning_content")).isFalse();
  }

  @Test
  void textBesideToolCallsIsKept() {
    ChatResponse response = new ChatResponse("id", "m", List.of(Part.Text.of("Let me check."),
        new Part.ToolCall("toolu_1", "f", "{}")), FinishReason.TOOL_CALLS, null, Usage.NONE);
    JsonNode message = encode(response, "m").at("/choices/0/message");
    assertThat(message.get("content").asText()).isEqualTo("Let me check.");
    assertThat(message.at("/tool_calls/0/id").asText()).isEqualTo("toolu_1");
  }

  @Test
  void finishReasonsInOpenAisWords() {
    assertThat(finish(FinishReason.STOP, false)).isEqualTo("stop");
    assertThat(finish(FinishReason.STOP_SEQUENCE, false)).isEqualTo("stop");
    assertThat(finish(FinishReason.LENGTH, false)).isEqualTo("length");
    assertThat(finish(FinishReason.TOOL_CALLS, true)).isEqualTo("tool_calls");
    assertThat(finish(FinishReason.CONTENT_FILTER, false)).isEqualTo("content_filter");
    assertThat(finish(FinishReason.OTHER, false)).isEqualTo("stop");
    assertThat(finish(FinishReason.ERROR, false)).isEqualTo("stop");
    assertThat(finish(null, false)).isEqualTo("stop");
    // Gemini says STOP when it calls functions; agent loops wait for tool_calls
    assertThat(finish(FinishReason.STOP, true)).isEqualTo("tool_calls");
    assertThat(finish(FinishReason.LENGTH, true)).isEqualTo("length");
  }

  private String finish(FinishReason reason, boolean withCall) {
    List<Part> content = withCall ? List.of(new Part.ToolCall("c", "f", "{}")) : List.of(Part.Text.of("x"));
    return encode(new ChatResponse("id", "m", content, reason, null, Usage.NONE), "m")
        .at("/choices/0/finish_reason").asText();
  }

  @Test
  void errorBodyIsOpenAisErrorObject() {
    GatewayException e = GatewayException.invalidRequest("Bad 'x'.", "x", "invalid_value");
    assertThat(dialect.errorBody(e)).isEqualTo(OpenAiErrorBodies.of(e));
    assertThat(json(dialect.errorBody(GatewayException.of(ErrorKind.OVERLOADED, "Busy."))))
        .isEqualTo(json("{\"error\":{\"message\":\"Busy.\",\"type\":\"service_unavailable_error\","
            + "\"param\":null,\"code\":null}}"));
  }
}
