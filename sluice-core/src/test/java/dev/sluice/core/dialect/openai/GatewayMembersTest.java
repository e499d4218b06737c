package dev.sluice.core.dialect.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.error.GatewayException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code usage}, {@code max_cost}, {@code metadata} and {@code user}: read in the one pass, the first two cut upstream. */
class GatewayMembersTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static OpenAiChatRequest parse(String extra) {
    return OpenAiChatRequest.parse(("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + extra + "}")
        .getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void usageIncludeAndMaxCostAreReadAndCutFromTheUpstreamBody() throws Exception {
    OpenAiChatRequest r = parse(",\"usage\":{\"include\":true},\"max_cost\":0.0025,\"temperature\":1");
    assertThat(r.usageInclude()).isTrue();
    assertThat(r.maxCostNanos()).isEqualTo(2_500_000L);
    JsonNode upstream = JSON.readTree(r.toUpstreamBody("x"));
    assertThat(upstream.has("usage")).isFalse();
    assertThat(upstream.has("max_cost")).isFalse();
    assertThat(upstream.get("temperature").asInt()).isEqualTo(1);
  }

  @Test
  void metadataAndUserStayInTheBodyAndAreExposed() throws Exception {
    OpenAiChatRequest r = parse(",\"metadata\":{\"cost_center\":\"cc-42\"},\"user\":\"u-1\"");
    assertThat(r.metadata()).isEqualTo(Map.of("cost_center", "cc-42"));
    assertThat(r.user()).isEqualTo("u-1");
    JsonNode upstream = JSON.readTree(r.toUpstreamBody("x"));
    assertThat(upstream.at("/metadata/cost_center").asText()).isEqualTo("cc-42");
    assertThat(upstream.get("user").asText()).isEqualTo("u-1");
    assertThat(parse("").metadata()).isEmpty();
    assertThat(parse("").maxCostNanos()).isNull();
  }

  @Test
  void badValuesNameTheField() {
    assertThatThrownBy(() -> parse(",\"max_cost\":-1")).isInstanceOfSatisfying(GatewayException.class,
        e -> assertThat(e.param()).isEqualTo("max_cost"));
    assertThatThrownBy(() -> parse(",\"max_cost\":0.0000000001")).isInstanceOfSatisfying(GatewayException.class,
        e -> assertThat(e.param()).isEqualTo("max_cost"));
    assertThatThrownBy(() -> parse(",\"usage\":{\"include\":\"yes\"}")).isInstanceOfSatisfying(GatewayException.class,
        e -> assertThat(e.param()).isEqualTo("usage.include"));
    assertThatThrownBy(() -> parse(",\"usage\":{\"other\":1}")).isInstanceOfSatisfying(GatewayException.class,
        e -> assertThat(e.param()).isEqualTo("usage.other"));
    assertThatThrownBy(() -> parse(",\"metadata\":{\"a\":1}")).isInstanceOfSatisfying(GatewayException.class,
        e -> assertThat(e.param()).isEqualTo("metadata.a"));
    assertThatThrownBy(() -> parse(",\"user\":5")).isInstanceOf(GatewayException.class);
  }
}
