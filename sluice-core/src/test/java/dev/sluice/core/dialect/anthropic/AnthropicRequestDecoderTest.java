package dev.sluice.core.dialect.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.Message;
import dev.sluice.core.canonical.Part;
import dev.sluice.core.canonical.Role;
import dev.sluice.core.canonical.Thinking;
import dev.sluice.core.canonical.Tool;
import dev.sluice.core.canonical.ToolChoice;
import dev.sluice.core.error.ErrorKind;
import dev.sluice.core.error.GatewayException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AnthropicRequestDecoderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final AnthropicDialect dialect = new AnthropicDialect();

  private ChatRequest decode(String body) {
    return dialect.decodeRequest(body.getBytes(StandardCharsets.UTF_8));
  }

  /** A valid body with {@code extra} members added at the top level (a leading comma is added). */
  private static String body(String messages, String extra) {
    return "{\"model\":\"claude-sonnet-4-20250514\",\"max_tokens\":1024,\"messages\":" + messages
        + (extra.isEmpty() ? "" : "," + extra) + "}";
  }

  private static String hi() {
    return "[{\"role\":\"user\",\"content\":\"Hi\"}]";
  }

  @Test
  void decodesEveryFieldOfAFullRequest() throws Exception {
    ChatRequest r = decode("""
        {"model":"claude-sonnet-4-20250514","max_tokens":4000,
         "system":[{"type":"text","text":"Be terse.","cache_control":{"type":"ephemeral","ttl":"1h"}}],
         "messages":[
           {"role":"user","content":[{"type":"text","text":"Weather?"},
             {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBOR"}},
             {"type":"image","source":{"type":"url","url":"https://example.com/a.jpg"}},
             {"type":"document","source":{"type":"text","media_type":"text/plain","data":"Doc text"},
              "cache_control":{"type":"ephemeral"}}]},
           {"role":"assistant","content":[{"type":"thinking","thinking":"hmm","signature":"sig"},
             {"type":"redacted_thinking","data":"opaque"},
             {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris","n":1.50}}]},
           {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"18C"},
             {"type":"tool_result","tool_use_id":"toolu_1","is_error":true,
              "content":[{"type":"text","text":"boom"}]}]}],
         "stop_sequences":["###"],"temperature":0.5,"top_p":0.9,"top_k":40,
         "thinking":{"type":"enabled","budget_tokens":2048},
         "tools":[{"name":"get_weather","description":"Weather","input_schema":{"type":"object","properties":{}}}],
         "tool_choice":{"type":"any","disable_parallel_tool_use":true},
         "metadata":{"user_id":"u-1"},"stream":true,"service_tier":"auto"}""");
    assertThat(r.model()).isEqualTo("claude-sonnet-4-20250514");
    assertThat(r.maxTokens()).isEqualTo(4000);
    assertThat(r.system()).containsExactly(new Part.Text("Be terse.", "ephemeral:1h"));
    assertThat(r.messages()).containsExactly(
        new Message(Role.USER, List.of(Part.Text.of("Weather?"), new Part.Image(null, "image/png", "iVBOR", null),
            new Part.Image("https://example.com/a.jpg", null, null, null), new Part.Text("Doc text", "ephemeral"))),
        new Message(Role.ASSISTANT, List.of(new Part.Reasoning("hmm", "sig", null),
            new Part.Reasoning(null, null, "opaque"),
            new Part.ToolCall("toolu_1", "get_weather", "{\"city\":\"Paris\",\"n\":1.50}"))),
        new Message(Role.USER, List.of(
            new Part.ToolResult("toolu_1", "get_weather", List.of(Part.Text.of("18C")), false),
            new Part.ToolResult("toolu_1", "get_weather", List.of(Part.Text.of("boom")), true))));
    assertThat(r.stop()).containsExactly("###");
    assertThat(r.temperature()).isEqualTo(0.5);
    assertThat(r.topP()).isEqualTo(0.9);
    assertThat(r.topK()).isEqualTo(40);
    assertThat(r.thinking()).isEqualTo(new Thinking(2048, null));
    assertThat(r.tools()).containsExactly(new Tool("get_weather", "Weather",
        JSON.readTree("{\"type\":\"object\",\"properties\":{}}")));
    assertThat(r.toolChoice()).isEqualTo(ToolChoice.REQUIRED);
    assertThat(r.parallelToolCalls()).isFalse();
    assertThat(r.user()).isEqualTo("u-1");
    assertThat(r.stream()).isTrue();
    assertThat(r.streamUsage()).isTrue();
    assertThat(r.responseFormat()).isNull();
  }

  @Test
  void aMinimalRequest() {
    ChatRequest r = decode(body(hi(), ""));
    assertThat(r.system()).isEmpty();
    assertThat(r.messages()).containsExactly(Message.text(Role.USER, "Hi"));
    assertThat(r.stream()).isFalse();
    assertThat(r.thinking()).isNull();
    assertThat(r.toolChoice()).isNull();
    assertThat(r.parallelToolCalls()).isNull();
    assertThat(r.user()).isNull();
  }

  @Test
  void optionalNullsAndDisabledThinkingAndAStringSystem() {
    ChatRequest r = decode(body(hi(), "\"system\":\"Be kind.\",\"temperature\":null,\"thinking\":{\"type\":\"disabled\"},"
        + "\"tool_choice\":{\"type\":\"tool\",\"name\":\"f\"},\"metadata\":{\"user_id\":null}"));
    assertThat(r.system()).containsExactly(Part.Text.of("Be kind."));
    assertThat(r.temperature()).isNull();
    assertThat(r.thinking()).isNull();
    assertThat(r.toolChoice()).isEqualTo(new ToolChoice.Named("f"));
    assertThat(r.user()).isNull();
  }

  @Test
  void aFinalEmptyAssistantTurnIsAllowedAndDropped() {
    ChatRequest r = decode(body("[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\"\"}]", ""));
    assertThat(r.messages()).containsExactly(Message.text(Role.USER, "Hi"));
  }

  static Stream<Arguments> badBodies() {
    return Stream.of(
        Arguments.of("{\"model\":", "The request body is not valid JSON"),
        Arguments.of("[1,2]", "The request body must be a JSON object."),
        Arguments.of(body(hi(), "") + " trailing", "The request body is not valid JSON"),
        Arguments.of("{\"model\":\"a\",\"model\":\"b\",\"max_tokens\":1,\"messages\":" + hi() + "}",
            "The request body is not valid JSON: Duplicate field 'model'"),
        Arguments.of("{\"max_tokens\":1,\"messages\":" + hi() + "}", "model: Field required"),
        Arguments.of("{\"model\":7,\"max_tokens\":1,\"messages\":" + hi() + "}", "model: Input should be a valid string"),
        Arguments.of("{\"model\":\"\",\"max_tokens\":1,\"messages\":" + hi() + "}", "model: String should have at least 1 character"),
        Arguments.of("{\"model\":\"m\",\"messages\":" + hi() + "}", "max_tokens: Field required"),
        Arguments.of("{\"model\":\"m\",\"max_tokens\":0,\"messages\":" + hi() + "}",
            "max_tokens: Input should be greater than or equal to 1"),
        Arguments.of("{\"model\":\"m\",\"max_tokens\":\"10\",\"messages\":" + hi() + "}", "max_tokens: Input should be a valid integer"),
        Arguments.of("{\"model\":\"m\",\"max_tokens\":1.5,\"messages\":" + hi() + "}", "max_tokens: Input should be a valid integer"),
        Arguments.of("{\"model\":\"m\",\"max_tokens\":1e30,\"messages\":" + hi() + "}", "max_tokens: Input should be a valid integer"),
        Arguments.of("{\"model\":\"m\",\"max_tokens\":10}", "messages: Field required"),
        Arguments.of(body("[]", ""), "messages: List should have at least 1 item after validation, not 0"),
        Arguments.of(body("\"Hi\"", ""), "messages: Input should be a valid list"),
        Arguments.of(body("[\"Hi\"]", ""), "messages.0: Input should be a valid dictionary"),
        Arguments.of(body("[{\"content\":\"Hi\"}]", ""), "messages.0.role: Field required"),
        Arguments.of(body("[{\"role\":\"system\",\"content\":\"Hi\"}]", ""),
            "messages.0.role: Input should be 'user' or 'assistant'"),
        Arguments.of(body("[{\"role\":\"user\"}]", ""), "messages.0.content: Field required"),
        Arguments.of(body("[{\"role\":\"user\",\"content\":5}]", ""),
            "messages.0.content: Input should be a valid string or a valid list of content blocks"),
        Arguments.of(body("[{\"role\":\"user\",\"content\":\"\"}]", ""),
            "messages.0: all messages must have non-empty content except for the optional final assistant message"),
        Arguments.of(body("[{\"role\":\"user\",\"content\":[]},{\"role\":\"assistant\",\"content\":\"x\"}]", ""),
            "messages.0: all messages must have non-empty content except for the optional final assistant message"),
        Arguments.of(body("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"audio\"}]}]", ""),
            "messages.0.content.1.type: Input tag 'audio' found using 'type' does not match any of the expected tags:"
                + " 'text', 'image', 'tool_use', 'tool_result', 'thinking', 'redacted_thinking', 'document'"),
        Arguments.of(body("[{\"role\":\"user\",\"content\":[{\"text\":\"a\"}]}]", ""), "messages.0.content.0.type: Field required"),
        Arguments.of(body("[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]", ""), "messages.0.content.0.text: Field required"),
        Arguments.of(body("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"\"}]}]", ""),
            "messages.0.content.0.text: text content blocks must be non-empty"),
        Arguments.of(body("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\",\"cache_control\":{\"type\":\"forever\"}}]}]", ""),
            "messages.0.content.0.cache_control.type: Input tag 'forever' found using 'type' does not match any of the expected tags: 'ephemeral'"),
        Arguments.of(body("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\",\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"2h\"}}]}]", ""),
            "messages.0.content.0.cache_control.ttl: Input should be '5m' or '1h'"),
        Arguments.of(body("[{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"ftp\"}}]}]", ""),
            "messages.0.content.0.source.type: Input tag 'ftp' found using 'type' does not match any of the expected tags: 'base64', 'url'"),
        Arguments.of(body("[{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/bmp\",\"data\":\"x\"}}]}]", ""),
            "messages.0.content.0.source.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'"),
        Arguments.of(body("[{\"role\":\"user\",\"content\":[{\"type\":\"image\"}]}]", ""), "messages.0.content.0.source: Field required"),
        Arguments.of(body("[{\"role\":\"user\",\"content\":[{\"type\":\"document\",\"source\":{\"type\":\"base64\",\"media_type\":\"application/pdf\",\"data\":\"JVBER\"}}]}]", ""),
            "messages.0.content.0.source.type: document source type 'base64' is not supported by this gateway; only 'text' document sources are"),
        Arguments.of(body("[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":\"{}\"}]}]", ""),
            "messages.1.content.0.input: Input should be a valid dictionary"),
        Arguments.of(body("[{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\",\"is_error\":\"yes\"}]}]", ""),
            "messages.0.content.0.is_error: Input should be a valid boolean"),
        Arguments.of(body("[{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"content\":\"x\"}]}]", ""),
            "messages.0.content.0.tool_use_id: Field required"),
        Arguments.of(body("[{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\",\"content\":[{\"type\":\"tool_use\"}]}]}]", ""),
            "messages.0.content.0.content.0.type: Input tag 'tool_use' found using 'type' does not match any of the expected tags: 'text', 'image', 'document'"),
        Arguments.of(body("[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"x\"}]}]", ""),
            "messages.1.content.0.signature: Field required"),
        Arguments.of(body(hi(), "\"system\":5"), "system: Input should be a valid string or a valid list of text blocks"),
        Arguments.of(body(hi(), "\"system\":[{\"type\":\"image\",\"source\":{}}]"),
            "system.0.type: Input tag 'image' found using 'type' does not match any of the expected tags: 'text'"),
        Arguments.of(body(hi(), "\"temperature\":1.5"), "temperature: Input should be less than or equal to 1"),
        Arguments.of(body(hi(), "\"temperature\":\"hot\""), "temperature: Input should be a valid number"),
        Arguments.of(body(hi(), "\"top_p\":-0.1"), "top_p: Input should be greater than or equal to 0"),
        Arguments.of(body(hi(), "\"top_k\":\"5\""), "top_k: Input should be a valid integer"),
        Arguments.of(body(hi(), "\"stop_sequences\":\"###\""), "stop_sequences: Input should be a valid list"),
        Arguments.of(body(hi(), "\"stop_sequences\":[\"a\",1]"), "stop_sequences.1: Input should be a valid string"),
        Arguments.of(body(hi(), "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":500}"),
            "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024"),
        Arguments.of(body(hi(), "\"thinking\":{\"type\":\"enabled\"}"), "thinking.enabled.budget_tokens: Field required"),
        Arguments.of(body(hi(), "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}"),
            "`max_tokens` must be greater than `thinking.budget_tokens`."),
        Arguments.of(body(hi(), "\"thinking\":{\"type\":\"sometimes\"}"),
            "thinking.type: Input tag 'sometimes' found using 'type' does not match any of the expected tags: 'enabled', 'disabled'"),
        Arguments.of(body(hi(), "\"tools\":{}"), "tools: Input should be a valid list"),
        Arguments.of(body(hi(), "\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}]"),
            "tools.0.type: tool type 'web_search_20250305' is not supported by this gateway"),
        Arguments.of(body(hi(), "\"tools\":[{\"name\":\"get weather\",\"input_schema\":{\"type\":\"object\"}}]"),
            "tools.0.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'"),
        Arguments.of(body(hi(), "\"tools\":[{\"name\":\"f\"}]"), "tools.0.input_schema: Field required"),
        Arguments.of(body(hi(), "\"tools\":[{\"name\":\"f\",\"input_schema\":{\"type\":\"array\"}}]"),
            "tools.0.input_schema.type: Input should be 'object'"),
        Arguments.of(body(hi(), "\"tools\":[{\"name\":\"f\",\"input_schema\":{\"type\":\"object\"}},{\"name\":\"f\",\"input_schema\":{\"type\":\"object\"}}]"),
            "tools: Tool names must be unique"),
        Arguments.of(body(hi(), "\"tool_choice\":{\"type\":\"required\"}"),
            "tool_choice.type: Input tag 'required' found using 'type' does not match any of the expected tags: 'auto', 'any', 'tool', 'none'"),
        Arguments.of(body(hi(), "\"tool_choice\":{\"type\":\"tool\"}"), "tool_choice.tool.name: Field required"),
        Arguments.of(body(hi(), "\"tool_choice\":\"auto\""), "tool_choice: Input should be a valid dictionary"),
        Arguments.of(body(hi(), "\"metadata\":{\"user_id\":5}"), "metadata.user_id: Input should be a valid string"),
        Arguments.of(body(hi(), "\"stream\":\"yes\""), "stream: Input should be a valid boolean"));
  }

  @ParameterizedTest
  @MethodSource("badBodies")
  void badBodiesAreRefusedWithAnthropicsWordingAndThePath(String body, String message) {
    assertThatThrownBy(() -> decode(body)).isInstanceOfSatisfying(GatewayException.class, e -> {
      assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
      assertThat(e.getMessage()).startsWith(message);
      int colon = message.indexOf(": ");
      if (!message.startsWith("The request body") && !message.startsWith("`") && colon > 0) {
        assertThat(e.param()).isEqualTo(message.substring(0, colon));
      }
    });
  }

  @Test
  void deepNestingIsRefusedByTheParserLimit() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    String body = body("[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\","
        + "\"id\":\"t\",\"name\":\"f\",\"input\":{\"x\":" + deep + "}}]}]", "");
    assertThatThrownBy(() -> decode(body)).isInstanceOfSatisfying(GatewayException.class, e -> {
      assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
      assertThat(e.getMessage()).startsWith("The request body is not valid JSON").contains("nesting depth");
    });
  }

  @Test
  void tooManyMessagesAreRefusedBeforeAnyIsRead() {
    StringBuilder messages = new StringBuilder("[");
    for (int i = 0; i <= AnthropicContentReader.MAX_MESSAGES; i++) {
      messages.append(i == 0 ? "" : ",").append("{}");
    }
    messages.append(']');
    assertThatThrownBy(() -> decode(body(messages.toString(), ""))).isInstanceOfSatisfying(GatewayException.class,
        e -> assertThat(e.getMessage()).isEqualTo("messages: List should have at most 100000 items after validation, not 100001"));
  }

  @Test
  void aHugeStringIsRefusedByTheParserLimit() {
    String big = "a".repeat(AnthropicClientJson.MAX_STRING_CHARS + 1);
    assertThatThrownBy(() -> decode(body("[{\"role\":\"user\",\"content\":\"" + big + "\"}]", "")))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.getMessage()).startsWith("The request body is not valid JSON").contains("String value length"));
  }

  @Test
  void aToolResultAnsweringAnUnknownCallHasNoName() {
    ChatRequest r = decode(body("""
        [{"role":"user","content":[{"type":"tool_result","tool_use_id":"unknown","content":"x"}]}]""", ""));
    assertThat(((Part.ToolResult) r.messages().get(0).parts().get(0)).name()).isNull();
  }
}
