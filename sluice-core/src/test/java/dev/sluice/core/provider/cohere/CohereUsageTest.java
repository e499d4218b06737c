package dev.sluice.core.provider.cohere;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.model.Usage;
import dev.sluice.core.model.UsageSource;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class CohereUsageTest {

  @Test
  void tokensWinOverBilledUnits() throws IOException {
    assertThat(CohereUsage.from(json("{\"billed_units\":{\"input_tokens\":5,\"output_tokens\":9},"
        + "\"tokens\":{\"input_tokens\":496,\"output_tokens\":11}}")))
        .isEqualTo(new Usage(496, 0, 0, 11, 0, UsageSource.REPORTED));
  }

  @Test
  void eachCountFallsBackOnItsOwn() throws IOException {
    assertThat(CohereUsage.from(json("{\"billed_units\":{\"input_tokens\":5,\"output_tokens\":9},"
        + "\"tokens\":{\"output_tokens\":11}}"))).isEqualTo(new Usage(5, 0, 0, 11, 0, UsageSource.REPORTED));
    assertThat(CohereUsage.from(json("{\"tokens\":{\"input_tokens\":3}}")))
        .isEqualTo(new Usage(3, 0, 0, 0, 0, UsageSource.REPORTED));
  }

  @Test
  void cachedTokensAreCacheReadsWithinTheInput() throws IOException {
    assertThat(CohereUsage.from(json("{\"tokens\":{\"input_tokens\":100,\"output_tokens\":2},\"cached_tokens\":64.0}")))
        .isEqualTo(new Usage(100, 64, 0, 2, 0, UsageSource.REPORTED));
  }

  @Test
  void nothingUsableIsNone() throws IOException {
    assertThat(CohereUsage.from(null)).isEqualTo(Usage.NONE);
    assertThat(CohereUsage.from(json("[]"))).isEqualTo(Usage.NONE);
    assertThat(CohereUsage.from(json("{}"))).isEqualTo(Usage.NONE);
    assertThat(CohereUsage.from(json("{\"cached_tokens\":4}"))).isEqualTo(Usage.NONE);
    assertThat(CohereUsage.from(json("{\"tokens\":{\"input_tokens\":-1,\"output_tokens\":\"2\"}}")))
        .isEqualTo(Usage.NONE);
  }

  private static JsonNode json(String text) throws IOException {
    return CohereJson.MAPPER.readTree(text);
  }
}
