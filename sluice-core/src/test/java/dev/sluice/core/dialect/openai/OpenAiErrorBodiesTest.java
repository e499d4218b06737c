package dev.sluice.core.dialect.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.error.ErrorKind;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.stream.Fixtures;
import dev.sluice.core.stream.SseEvent;
import dev.sluice.core.stream.SseParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiErrorBodiesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void exactShapeWithNulls() {
    String body = new String(OpenAiErrorBodies.of(ErrorKind.INVALID_REQUEST, "bad \"thing\"\n", null, null),
        StandardCharsets.UTF_8);
    assertThat(body).isEqualTo(
        "{\"error\":{\"message\":\"bad \\\"thing\\\"\\n\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
  }

  @Test
  void matchesOpenAisOwnBodies() throws Exception {
    JsonNode real = JSON.readTree(Fixtures.bytes("openai/error-401-invalid-key.json"));
    GatewayException ours = GatewayException.authentication(real.get("error").get("message").asText());
    assertThat(JSON.readTree(OpenAiErrorBodies.of(ours))).isEqualTo(real);

    JsonNode notFound = JSON.readTree(Fixtures.bytes("openai/error-404-model.json"));
    assertThat(JSON.readTree(OpenAiErrorBodies.of(GatewayException.modelNotFound("gpt-9-nonexistent"))))
        .isEqualTo(notFound);
  }

  @Test
  void paramAndCodeAreKept() throws Exception {
    JsonNode error = JSON.readTree(OpenAiErrorBodies.of(
        GatewayException.invalidRequest("Missing role", "messages[3].role", "missing_required_parameter")))
        .get("error");
    assertThat(error.get("param").asText()).isEqualTo("messages[3].role");
    assertThat(error.get("code").asText()).isEqualTo("missing_required_parameter");
    assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
  }

  @Test
  void midStreamEventIsOneDataEvent() throws Exception {
    byte[] bytes = OpenAiErrorBodies.midStreamEvent(GatewayException.upstreamTimeout("Provider 'x' timed out."));
    String text = new String(bytes, StandardCharsets.UTF_8);
    assertThat(text).startsWith("data: {\"error\":{").endsWith("}}\n\n");
    List<SseEvent> events = new ArrayList<>();
    new SseParser(events::add).feed(bytes);
    assertThat(events).hasSize(1);
    JsonNode error = JSON.readTree(events.get(0).data()).get("error");
    assertThat(error.get("message").asText()).isEqualTo("Provider 'x' timed out.");
    assertThat(error.get("type").asText()).isEqualTo("timeout_error");
  }

  @Test
  void nonAsciiMessages() throws Exception {
    byte[] bytes = OpenAiErrorBodies.of(ErrorKind.NOT_FOUND, "模型 😀 missing", null, "model_not_found");
    assertThat(JSON.readTree(bytes).get("error").get("message").asText()).isEqualTo("模型 😀 missing");
  }
}
