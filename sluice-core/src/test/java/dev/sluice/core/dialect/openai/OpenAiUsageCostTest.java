package dev.sluice.core.dialect.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OpenAiUsageCostTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String str(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void addsCostInsideTheTopLevelUsageOnly() throws Exception {
    String body = "{\"id\":\"x\",\"choices\":[{\"usage\":{\"a\":1}}],\"usage\":{\"prompt_tokens\":13,"
        + "\"completion_tokens_details\":{\"reasoning_tokens\":0}},\"z\":true}";
    String out = str(OpenAiUsageCost.addTo(body.getBytes(StandardCharsets.UTF_8), "0.000001950"));
    assertThat(out).isEqualTo(body.replace("\"reasoning_tokens\":0}}", "\"reasoning_tokens\":0},\"cost\":0.000001950}"));
    assertThat(JSON.readTree(out).at("/usage/cost").decimalValue()).isEqualByComparingTo("0.000001950");
  }

  @Test
  void emptyUsageAndNoUsage() {
    assertThat(str(OpenAiUsageCost.addTo("{\"usage\":{ }}".getBytes(StandardCharsets.UTF_8), "1")))
        .isEqualTo("{\"usage\":{ \"cost\":1}}");
    byte[] none = "{\"usage\":null}".getBytes(StandardCharsets.UTF_8);
    assertThat(OpenAiUsageCost.addTo(none, "1")).isSameAs(none);
  }

  @Test
  void addsCostToAnSseUsageChunk() throws Exception {
    String event = "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}\n\n";
    String out = str(OpenAiUsageCost.addToEvent(event.getBytes(StandardCharsets.UTF_8), "0.5"));
    assertThat(out).startsWith("data: {").endsWith("}\n\n");
    assertThat(JSON.readTree(out.substring(6)).at("/usage/cost").asDouble()).isEqualTo(0.5);
    byte[] done = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);
    assertThat(OpenAiUsageCost.addToEvent(done, "1")).isSameAs(done);
  }
}
