package dev.sluice.core.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.canonical.ChatResponse;
import dev.sluice.core.canonical.FinishReason;
import dev.sluice.core.canonical.Part;
import dev.sluice.core.error.ErrorKind;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.model.Usage;
import dev.sluice.core.model.UsageSource;
import dev.sluice.core.stream.Fixtures;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeminiResponseDecoderTest {
  private final GeminiCodec codec = new GeminiCodec(GeminiRequests.ACCESS);

  private ChatResponse decode(String json) {
    return codec.decodeChat(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void textFixture() {
    ChatResponse r = codec.decodeChat(Fixtures.bytes("gemini/generateContent-text.json"));

    assertThat(r.id()).isEqualTo("mJ3kaPq9LZ2vz7IPz5OJ2Ac");
    assertThat(r.model()).isEqualTo("gemini-2.5-flash");
    assertThat(r.content()).containsExactly(Part.Text.of("Hello! How can I help you today?"));
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(r.stopSequence()).isNull();
    // prompt 7; output = candidates 9 + thoughts 31; the fixture's totalTokenCount is 47
    assertThat(r.usage()).isEqualTo(new Usage(7, 0, 0, 40, 31, UsageSource.REPORTED));
    assertThat(r.usage().totalTokens()).isEqualTo(47);
  }

  @Test
  void functionCallFixture_signatureBeforeItsCall_idsStable_finishIsToolCalls() {
    ChatResponse r = codec.decodeChat(Fixtures.bytes("gemini/generateContent-functionCall.json"));

    assertThat(r.id()).isEqualTo("nK4laRr0MZ3wz8IPx6PK3Bd");
    assertThat(r.content()).containsExactly(
        new Part.Reasoning(null, "CiQB...opaque-base64...", null),
        new Part.ToolCall("call_0_get_weather", "get_weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}"),
        new Part.ToolCall("call_1_get_weather", "get_weather", "{\"city\":\"Tokyo\",\"unit\":\"celsius\"}"));
    assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(r.usage()).isEqualTo(new Usage(58, 0, 0, 148, 112, UsageSource.REPORTED));
    assertThat(r.usage().totalTokens()).isEqualTo(206);
  }

  @Test
  void thoughtParts_becomeReasoning_andGeminiCallIdsAreKept() {
    ChatResponse r = decode("""
        {"candidates":[{"content":{"role":"model","parts":[
          {"text":"Let me think.","thought":true},
          {"text":"Answer","thoughtSignature":"sigA"},
          {"functionCall":{"id":"fc-9","name":"ns.lookup","args":{}}},
          {"functionCall":{"name":"ns.lookup"}},
          {"inlineData":{"mimeType":"image/png","data":"AA=="},"thoughtSignature":"dropped"},
          {"text":"","thoughtSignature":"trailing"}]},"finishReason":"STOP"}]}""");

    assertThat(r.content()).containsExactly(
        new Part.Reasoning("Let me think.", null, null),
        new Part.Reasoning(null, "sigA", null),
        Part.Text.of("Answer"),
        new Part.ToolCall("fc-9", "ns.lookup", "{}"),
        new Part.ToolCall("call_1_ns_lookup", "ns.lookup", "{}"),
        new Part.Reasoning(null, "trailing", null));
    assertThat(r.usage()).isEqualTo(Usage.NONE);
  }

  @Test
  void usage_cacheAndToolUsePromptTokensAreInput() {
    ChatResponse r = decode("""
        {"candidates":[{"content":{"parts":[{"text":"x"}]},"finishReason":"STOP"}],
         "usageMetadata":{"promptTokenCount":1000,"cachedContentTokenCount":800,"toolUsePromptTokenCount":50,
          "candidatesTokenCount":20,"thoughtsTokenCount":5,"totalTokenCount":1075}}""");

    assertThat(r.usage()).isEqualTo(new Usage(1050, 800, 0, 25, 5, UsageSource.REPORTED));
    assertThat(r.usage().totalTokens()).isEqualTo(1075);
  }

  @ParameterizedTest
  @CsvSource({"STOP,STOP", "MAX_TOKENS,LENGTH", "SAFETY,CONTENT_FILTER", "RECITATION,CONTENT_FILTER",
      "BLOCKLIST,CONTENT_FILTER", "PROHIBITED_CONTENT,CONTENT_FILTER", "SPII,CONTENT_FILTER",
      "MALFORMED_FUNCTION_CALL,OTHER", "LANGUAGE,OTHER", "OTHER,OTHER", "SOMETHING_NEW,OTHER"})
  void finishReasons(String gemini, FinishReason expected) {
    ChatResponse r = decode("""
        {"candidates":[{"content":{"parts":[{"text":"x"}]},"finishReason":"%s"}]}""".formatted(gemini));
    assertThat(r.finishReason()).isEqualTo(expected);
  }

  @Test
  void maxTokensWithAFunctionCall_staysLength_andNoFinishReasonIsNull() {
    assertThat(decode("""
        {"candidates":[{"content":{"parts":[{"functionCall":{"name":"f","args":{}}}]},
          "finishReason":"MAX_TOKENS"}]}""").finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(decode("""
        {"candidates":[{"content":{"parts":[{"text":"x"}]}}]}""").finishReason()).isNull();
  }

  @Test
  void blockedPrompt_noCandidates_isContentFilter() {
    ChatResponse r = decode("""
        {"promptFeedback":{"blockReason":"SAFETY","safetyRatings":[]},
         "usageMetadata":{"promptTokenCount":12,"totalTokenCount":12},"modelVersion":"gemini-2.5-flash"}""");

    assertThat(r.content()).isEmpty();
    assertThat(r.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(r.usage().inputTokens()).isEqualTo(12);
  }

  @Test
  void candidateWithoutContent_safetyFinish() {
    ChatResponse r = decode("""
        {"candidates":[{"finishReason":"SAFETY","index":0}]}""");
    assertThat(r.content()).isEmpty();
    assertThat(r.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
  }

  @Test
  void malformedBodies_throwUpstreamErrors() {
    assertUpstream("not json", "not valid JSON");
    assertUpstream("[1,2]", "not a JSON object");
    assertUpstream("{}", "no candidates");
    assertUpstream("{\"candidates\":[{\"content\":{\"parts\":{\"text\":\"x\"}}}]}", "not an array");
    assertUpstream("{\"candidates\":[{\"content\":{\"parts\":[\"x\"]}}]}", "not an object");
    assertUpstream("{\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"args\":{}}}]}}]}", "without a name");
    assertUpstream("{\"error\":{\"code\":500,\"message\":\"boom\",\"status\":\"INTERNAL\"}}", "INTERNAL: boom");
  }

  private void assertUpstream(String body, String messagePart) {
    assertThatThrownBy(() -> decode(body))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR))
        .hasMessageContaining(messagePart);
  }
}
