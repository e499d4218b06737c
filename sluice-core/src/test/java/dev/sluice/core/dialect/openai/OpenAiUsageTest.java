package dev.sluice.core.dialect.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.sluice.core.model.Usage;
import dev.sluice.core.model.UsageSource;
import dev.sluice.core.stream.Fixtures;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OpenAiUsageTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void readsEveryField() throws Exception {
    Usage u = OpenAiUsage.fromUsageNode(JSON.readTree("{\"prompt_tokens\":1200,\"completion_tokens\":300,"
        + "\"total_tokens\":1500,\"prompt_tokens_details\":{\"cached_tokens\":1024},"
        + "\"completion_tokens_details\":{\"reasoning_tokens\":256}}"));
    assertThat(u).isEqualTo(new Usage(1200, 1024, 0, 300, 256, UsageSource.REPORTED));
    assertThat(u.totalTokens()).isEqualTo(1500);
  }

  @Test
  void missingFieldsAreZeroButReported() throws Exception {
    assertThat(OpenAiUsage.fromUsageNode(JSON.readTree("{\"prompt_tokens\":5,\"completion_tokens\":-3,"
        + "\"prompt_tokens_details\":null}")))
        .isEqualTo(new Usage(5, 0, 0, 0, 0, UsageSource.REPORTED));
  }

  @Test
  void absentOrNullUsageIsMissing() throws Exception {
    assertThat(OpenAiUsage.fromUsageNode(null)).isEqualTo(Usage.NONE);
    assertThat(OpenAiUsage.fromUsageNode(NullNode.getInstance())).isEqualTo(Usage.NONE);
    assertThat(OpenAiUsage.fromUsageNode(JSON.readTree("[]")).source()).isEqualTo(UsageSource.MISSING);
  }

  @Test
  void nonStreamedChatCompletionFixtures() {
    assertThat(OpenAiResponses.usageOfChatCompletion(Fixtures.bytes("openai/chat-completion.json")))
        .isEqualTo(new Usage(13, 0, 0, 9, 0, UsageSource.REPORTED));
    assertThat(OpenAiResponses.usageOfChatCompletion(Fixtures.bytes("openai/chat-completion-tool-calls.json")))
        .isEqualTo(new Usage(82, 0, 0, 51, 0, UsageSource.REPORTED));
  }

  @Test
  void embeddingsFixtures() {
    assertThat(OpenAiResponses.usageOfEmbeddings(Fixtures.bytes("openai/embeddings.json")))
        .isEqualTo(new Usage(2, 0, 0, 0, 0, UsageSource.REPORTED));
    assertThat(OpenAiResponses.usageOfEmbeddings(Fixtures.bytes("openai/embeddings-base64.json")).inputTokens())
        .isEqualTo(2);
  }

  @Test
  void bodiesWithoutUsageOrNotJson() {
    assertThat(OpenAiResponses.usageOfChatCompletion("{\"id\":\"x\",\"usage\":null}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(Usage.NONE);
    assertThat(OpenAiResponses.usageOfChatCompletion("<html>502</html>".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(Usage.NONE);
    assertThat(OpenAiResponses.usageOfChatCompletion("{\"choices\":[{\"usage\":{\"prompt_tokens\":1}}]}"
        .getBytes(StandardCharsets.UTF_8))).isEqualTo(Usage.NONE);
  }
}
