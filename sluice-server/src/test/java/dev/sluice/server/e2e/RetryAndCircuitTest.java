package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.route.CircuitSettings;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Retries with backoff and Retry-After, and circuit breakers opening and recovering through half-open. */
class RetryAndCircuitTest {

  private static HttpResponse<String> chat(TwoProviders gw, String model) {
    return Http.post(gw.chatUrl(), gw.key,
        "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
  }

  @Test
  void retriesRecoverAFlakyProviderAndHonourRetryAfter() {
    try (TwoProviders gw = new TwoProviders(List.of(), TwoProviders.fastRouting(2))) {
      HttpResponse<String> flaky = chat(gw, "primary/flaky-2");
      assertThat(flaky.statusCode()).isEqualTo(200);
      assertThat(flaky.headers().firstValue("x-sluice-attempts")).hasValue("3");
      assertThat(gw.primary.requestCount("flaky-2")).isEqualTo(3);

      long start = System.nanoTime();
      HttpResponse<String> limited = chat(gw, "primary/flaky429-1-retry-after-400");
      long waitedMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(limited.statusCode()).isEqualTo(200);
      assertThat(limited.headers().firstValue("x-sluice-attempts")).hasValue("2");
      assertThat(waitedMs).isGreaterThanOrEqualTo(400); // the retry waited for Retry-After
    }
  }

  @Test
  void aCircuitOpensAfterRepeatedFailuresAndRecoversThroughHalfOpen() {
    CircuitSettings circuit = new CircuitSettings(2, Duration.ofMillis(600), 1);
    try (TwoProviders gw = new TwoProviders(List.of(), TwoProviders.fastRouting(0).withCircuit(circuit))) {
      gw.primary.failNext(2, 500);
      assertThat(chat(gw, "primary/gpt-4o-mini").statusCode()).isEqualTo(502);
      assertThat(chat(gw, "primary/gpt-4o-mini").statusCode()).isEqualTo(502);
      // Open: refused without calling the provider.
      HttpResponse<String> refused = chat(gw, "primary/gpt-4o-mini");
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.body()).contains("circuit open");
      assertThat(gw.primary.requestCount("gpt-4o-mini")).isEqualTo(2);
      // After open_for, one probe goes through; it succeeds and closes the circuit.
      Awaitility.await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100))
          .until(() -> chat(gw, "primary/gpt-4o-mini").statusCode() == 200);
      assertThat(chat(gw, "primary/gpt-4o-mini").statusCode()).isEqualTo(200);
      assertThat(gw.primary.requestCount("gpt-4o-mini")).isEqualTo(4);
    }
  }

  @Test
  void a429TakesTheDeploymentOutOfThePoolUntilRetryAfter() {
    try (TwoProviders gw = new TwoProviders(List.of(), TwoProviders.fastRouting(0))) {
      HttpResponse<String> limited = chat(gw, "primary/flaky429-1-retry-after-800");
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("retry-after")).hasValue("1");
      HttpResponse<String> cooling = chat(gw, "primary/flaky429-1-retry-after-800");
      assertThat(cooling.statusCode()).isEqualTo(503);
      assertThat(cooling.body()).contains("rate limited");
      assertThat(gw.primary.requestCount("flaky429-1-retry-after-800")).isEqualTo(1);
      Awaitility.await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100))
          .until(() -> chat(gw, "primary/flaky429-1-retry-after-800").statusCode() == 200);
    }
  }
}
