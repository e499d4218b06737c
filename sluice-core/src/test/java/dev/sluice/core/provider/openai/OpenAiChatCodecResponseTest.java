package dev.sluice.core.provider.openai;

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
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code chat.completion} bodies and error bodies → canonical, from the recorded fixtures. */
class OpenAiChatCodecResponseTest {
  private final OpenAiChatCodec codec = OpenAiChatCodecRequestTest.codec(Map.of());

  private static byte[] bytes(String json) {
    return json.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
  }

  private static String fixture(String name) {
    return new String(Fixtures.bytes("openai/" + name), StandardCharsets.UTF_8);
  }

  @Test
  void textCompletion() {
    ChatResponse r = codec.decodeChat(Fixtures.bytes("openai/chat-completion.json"));
    assertThat(r.id()).isEqualTo("chatcmpl-Bx7kQ2nF0aZ9yW3vT6uR1sP4oN8m");
    assertThat(r.model()).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(r.content()).containsExactly(Part.Text.of("Hello! How can I help you today?"));
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(r.stopSequence()).isNull();
    assertThat(r.usage()).isEqualTo(new Usage(13, 0, 0, 9, 0, UsageSource.REPORTED));
  }

  @Test
  void toolCallCompletion() {
    ChatResponse r = codec.decodeChat(Fixtures.bytes("openai/chat-completion-tool-calls.json"));
    assertThat(r.content()).containsExactly(
        new Part.ToolCall("call_Q3kz8bP1mVt7xR2nL5wY9aHd", "get_weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}"),
        new Part.ToolCall("call_T8cJ4eN6sG1pK0vW3qZ7fBuM", "get_weather", "{\"city\":\"Tokyo\",\"unit\":\"celsius\"}"));
    assertThat(r.text()).isEmpty();
    assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(r.usage()).isEqualTo(new Usage(82, 0, 0, 51, 0, UsageSource.REPORTED));
  }

  @Test
  void cachedAndReasoningTokens() {
    String body = fixture("chat-completion.json").replace("\"cached_tokens\": 0", "\"cached_tokens\": 5")
        .replace("\"reasoning_tokens\": 0", "\"reasoning_tokens\": 3");
    assertThat(codec.decodeChat(body.getBytes(StandardCharsets.UTF_8)).usage())
        .isEqualTo(new Usage(13, 5, 0, 9, 3, UsageSource.REPORTED));
  }

  @Test
  void reasoningContentComesFirstAsReasoning() {
    ChatResponse r = codec.decodeChat(bytes("{'id':'x','model':'deepseek-reasoner','choices':[{'index':0,"
        + "'message':{'role':'assistant','content':'42','reasoning_content':'Six times seven.'},"
        + "'finish_reason':'stop'}]}"));
    assertThat(r.content()).containsExactly(new Part.Reasoning("Six times seven.", null, null), Part.Text.of("42"));
    assertThat(r.usage()).isEqualTo(Usage.NONE);
    ChatResponse openRouter = codec.decodeChat(bytes("{'choices':[{'message':{'content':'42','reasoning':'Hm.'},"
        + "'finish_reason':'stop'}]}"));
    assertThat(openRouter.content()).containsExactly(new Part.Reasoning("Hm.", null, null), Part.Text.of("42"));
  }

  @Test
  void refusalIsTheTextWhenThereIsNoOther() {
    ChatResponse r = codec.decodeChat(bytes("{'choices':[{'message':{'role':'assistant','content':null,"
        + "'refusal':'I cannot help with that.'},'finish_reason':'stop'}]}"));
    assertThat(r.content()).containsExactly(Part.Text.of("I cannot help with that."));
  }

  @Test
  void hostQuirks() {
    // content as parts (Mistral), arguments as an object, a missing call id, stop with calls (Ollama)
    ChatResponse r = codec.decodeChat(bytes("{'choices':[{'message':{'content':[{'type':'text','text':'A'},"
        + "{'type':'text','text':'B'}],'tool_calls':[{'function':{'name':'f','arguments':{'x':1}}}]},"
        + "'finish_reason':'stop'}]}"));
    assertThat(r.content()).containsExactly(Part.Text.of("AB"), new Part.ToolCall("call_0", "f", "{\"x\":1}"));
    assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
  }

  @Test
  void finishReasons() {
    assertThat(finish("'stop'")).isEqualTo(FinishReason.STOP);
    assertThat(finish("'length'")).isEqualTo(FinishReason.LENGTH);
    assertThat(finish("'tool_calls'")).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(finish("'function_call'")).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(finish("'content_filter'")).isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(finish("'error'")).isEqualTo(FinishReason.ERROR);
    assertThat(finish("'something_new'")).isEqualTo(FinishReason.OTHER);
    assertThat(finish("null")).isNull();
  }

  private FinishReason finish(String reason) {
    return codec.decodeChat(bytes("{'choices':[{'message':{'content':'x'},'finish_reason':" + reason + "}]}"))
        .finishReason();
  }

  @Test
  void badBodiesAreUpstreamErrors() {
    assertUpstream("not json", "not a JSON object");
    assertUpstream("[1,2]", "not a JSON object");
    assertUpstream("{'choices':[]}", "no choices");
    assertUpstream("{'object':'chat.completion'}", "no choices");
    assertUpstream("{'choices':[{'index':0}]}", "no message");
    assertUpstream("{'choices':[{'message':{'tool_calls':[{'id':'c','function':{}}]}}]}", "without a function name");
    assertUpstream("{'error':{'message':'Incorrect API key provided: sk-proj-abcdefghijklmnop1234.'}}",
        "answered with an error");
    assertThatThrownBy(() -> codec.decodeChat(bytes("{'error':{'message':'Key sk-proj-abcdefghijklmnop1234 bad'}}")))
        .message().doesNotContain("sk-proj-abcdefghijklmnop1234");
  }

  private void assertUpstream(String body, String words) {
    assertThatThrownBy(() -> codec.decodeChat(bytes(body)))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR))
        .hasMessageContaining(words);
  }

  @Test
  void errorMessagesFromTheRecordedErrorBodies() {
    String invalidKey = codec.errorMessage(401, Fixtures.bytes("openai/error-401-invalid-key.json"));
    assertThat(invalidKey).startsWith("Incorrect API key provided: ").doesNotContain("sk-abc");
    assertThat(codec.errorMessage(404, Fixtures.bytes("openai/error-404-model.json")))
        .isEqualTo("The model `gpt-9-nonexistent` does not exist or you do not have access to it.");
  }

  @Test
  void errorMessagesOfOtherHostsShapes() {
    assertThat(codec.errorMessage(400, bytes("{'error':'model is required'}"))).isEqualTo("model is required");
    assertThat(codec.errorMessage(422, bytes("{'detail':'Field required'}"))).isEqualTo("Field required");
    assertThat(codec.errorMessage(500, bytes("{'message':'boom'}"))).isEqualTo("boom");
    assertThat(codec.errorMessage(502, "<html>Bad Gateway</html>".getBytes(StandardCharsets.UTF_8))).isNull();
    assertThat(codec.errorMessage(500, new byte[0])).isNull();
    assertThat(codec.errorMessage(500, null)).isNull();
    assertThat(codec.errorMessage(400, bytes("{'error':{'message':''}}"))).isNull();
  }

  @Test
  void errorMessageNeverHoldsTheCredential() {
    // the configured key is "plain-test-key-123": short enough to slip past the pattern scrubber
    String message = codec.errorMessage(401, bytes("{'error':{'message':'Bad key plain-test-key-123 given'}}"));
    assertThat(message).doesNotContain("plain-test-key-123").contains("[redacted]");
  }
}
