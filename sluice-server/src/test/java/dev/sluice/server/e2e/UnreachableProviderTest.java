package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.config.ProviderSettings;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A provider that refuses connections gives the caller a 502 in the OpenAI shape, streamed or not. */
class UnreachableProviderTest {

  @Test
  void connectionRefusedIs502() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    ProviderSettings dead = new ProviderSettings("dead", "openai", "http://127.0.0.1:" + closedPort + "/v1",
        "sk-dead", "Authorization", Map.of(), List.of(), false);
    try (GatewayHarness harness = GatewayHarness.start(c -> GatewayHarness.withProviders(c,
        List.of(c.providers().get(0), dead)))) {
      for (String stream : List.of("false", "true")) {
        var response = Http.post(harness.baseUrl() + "/v1/chat/completions", harness.key,
            "{\"model\":\"dead/gpt-4o-mini\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("Could not connect to provider 'dead'").doesNotContain("127.0.0.1");
      }
    }
  }
}
