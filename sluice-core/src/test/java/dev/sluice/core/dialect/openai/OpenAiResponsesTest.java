package dev.sluice.core.dialect.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.model.Usage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OpenAiResponsesTest {
  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void anAnsweredCompletionGivesItsUsageWhereverUsageSits() {
    Usage before = OpenAiResponses.usageOfAnsweredChatCompletion(bytes(
        "{\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2},\"choices\":[{\"index\":0},{\"index\":1}],\"x\":1}"));
    Usage after = OpenAiResponses.usageOfAnsweredChatCompletion(bytes(
        "{\"choices\":[{\"index\":0,\"message\":{\"content\":\"[]\"}}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}"));
    assertThat(before.inputTokens()).isEqualTo(5);
    assertThat(after.outputTokens()).isEqualTo(2);
  }

  @Test
  void emptyChoicesMeanNoAnswer() {
    byte[] empty = bytes("{\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":0}}");
    assertThat(OpenAiResponses.usageOfAnsweredChatCompletion(empty)).isNull();
    assertThat(OpenAiResponses.usageOfChatCompletion(empty).inputTokens()).isEqualTo(5);
    assertThat(OpenAiResponses.usageOfAnsweredChatCompletion(bytes("not json"))).isEqualTo(Usage.NONE);
  }
}
