package dev.sluice.core.dialect.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.error.GatewayException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AnthropicCountTokensTest {
  private static long count(String body) {
    return AnthropicCountTokens.inputTokens(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void countsSystemMessagesAndToolsWithoutMaxTokens() {
    // "claude-*" is not an OpenAI model: ceil(UTF-8 bytes / 4) per text, plus 4 per message
    long textOnly = count("""
        {"model":"claude-sonnet-4-20250514","system":"You are terse.",
         "messages":[{"role":"user","content":"Hello, world"}]}""");
    assertThat(textOnly).isEqualTo(4 /* "You are terse." 14 bytes */ + 4 + 3 /* "Hello, world" 12 bytes */);

    long withTool = count("""
        {"model":"claude-sonnet-4-20250514","system":"You are terse.",
         "messages":[{"role":"user","content":"Hello, world"}],
         "tools":[{"name":"abcd","description":"12345678","input_schema":{"type":"object"}}]}""");
    assertThat(withTool).isEqualTo(textOnly + 1 + 2 + 5 /* {"type":"object"} is 17 bytes */);
  }

  @Test
  void imagesCountAsTheLargestImage() {
    long tokens = count("""
        {"model":"claude-x","messages":[{"role":"user","content":[
          {"type":"image","source":{"type":"url","url":"https://example.com/a.png"}},{"type":"text","text":"abcd"}]}]}""");
    assertThat(tokens).isEqualTo(AnthropicCountTokens.TOKENS_PER_IMAGE + AnthropicCountTokens.TOKENS_PER_MESSAGE + 1);
  }

  @Test
  void validatesLikeAMessageRequest() {
    assertThatThrownBy(() -> count("{\"model\":\"m\",\"messages\":[{\"role\":\"bot\",\"content\":\"x\"}]}"))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.getMessage()).isEqualTo("messages.0.role: Input should be 'user' or 'assistant'"));
    assertThatThrownBy(() -> count("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.getMessage()).isEqualTo("model: Field required"));
  }

  @Test
  void answersInAnthropicsShape() {
    assertThat(new String(AnthropicCountTokens.responseBody(11), StandardCharsets.UTF_8)).isEqualTo("{\"input_tokens\":11}");
  }
}
