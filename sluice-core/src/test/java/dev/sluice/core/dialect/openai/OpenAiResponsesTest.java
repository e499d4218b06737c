package dev.sluice.core.dialect.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.error.ErrorKind;
import dev.sluice.core.error.GatewayException;
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
    assertThat(OpenAiResponses.usageOfChatCompletion(bytes("not json"))).isEqualTo(Usage.NONE);
  }

  /** The passthrough relays an answered body as is: half a body or non-UTF-8 bytes must fail the attempt. */
  @Test
  void anAnsweredCompletionThatIsNotOneWholeUtf8ObjectIsAnUpstreamError() {
    for (byte[] bad : new byte[][] {bytes("not json"), bytes("{\"choices\":[{\"index\":0}"),
        bytes("{\"choices\":[{\"index\":0}]} trailing"), {'{', '"', 'a', '"', ':', '"', (byte) 0xFF, '"', '}'}}) {
      assertThatThrownBy(() -> OpenAiResponses.usageOfAnsweredChatCompletion(bad))
          .isInstanceOf(GatewayException.class)
          .satisfies(e -> assertThat(((GatewayException) e).kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
    }
  }

  /** A usage of all zeros is no usage: the gateway estimates instead of recording a free call. */
  @Test
  void anAllZeroUsageIsNone() {
    assertThat(OpenAiResponses.usageOfAnsweredChatCompletion(bytes(
        "{\"choices\":[{\"index\":0}],\"usage\":{\"prompt_tokens\":0,\"completion_tokens\":0,\"total_tokens\":0}}")))
        .isEqualTo(Usage.NONE);
  }
}
