package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.route.CircuitSettings;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Active health checks take a provider that stopped answering out of the pool before callers hit it. */
class HealthCheckTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void failedChecksOpenTheCircuitOfADeadProvidersDeployments() throws Exception {
    try (TwoProviders gw = new TwoProviders(List.of(), TwoProviders.fastRouting(0)
        .withCircuit(new CircuitSettings(2, Duration.ofSeconds(30), 1))
        .withHealthChecks(Duration.ofMillis(100)))) {
      gw.secondary.close(); // the secondary stops answering: its checks fail with connection refused
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
        JsonNode view = JSON.readTree(Http.get(gw.gateway.baseUrl() + "/admin/routing", TwoProviders.ADMIN_KEY).body());
        for (JsonNode d : view.get("deployments")) {
          if (d.get("id").asText().equals("secondary/gpt-4o-mini")) {
            return d.get("circuit").asText().equals("open");
          }
        }
        return false;
      });
      var refused = Http.post(gw.chatUrl(), gw.key,
          "{\"model\":\"secondary/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.body()).contains("circuit open");
      // The healthy primary is untouched by the secondary's checks.
      var served = Http.post(gw.chatUrl(), gw.key,
          "{\"model\":\"primary/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
      assertThat(served.statusCode()).isEqualTo(200);
    }
  }
}
