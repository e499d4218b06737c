package dev.sluice.server.budget;

import static dev.sluice.server.budget.Fixture.CENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.budget.BudgetPeriod;
import dev.sluice.server.admission.RequestScopes;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Soft alerts at 50, 80 and 100 % of a budget, as events and as webhook POSTs to a local receiver. */
class BudgetAlertTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  Fixture f;
  Vertx vertx;
  HttpServer receiver;
  final List<JsonNode> received = new CopyOnWriteArrayList<>();
  final AtomicInteger failFirst = new AtomicInteger();
  final AtomicInteger posts = new AtomicInteger();
  volatile long delayMillis;

  @BeforeEach
  void setUp() {
    f = new Fixture(dir);
    vertx = Vertx.vertx();
    receiver = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      posts.incrementAndGet();
      if (failFirst.getAndDecrement() > 0) {
        long delay = delayMillis;
        if (delay > 0) {
          vertx.setTimer(delay, t -> req.response().setStatusCode(503).end());
        } else {
          req.response().setStatusCode(503).end();
        }
        return;
      }
      try {
        received.add(JSON.readTree(body.getBytes()));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      req.response().setStatusCode(204).end();
    })).listen(0, "127.0.0.1").await();
  }

  @AfterEach
  void tearDown() {
    f.close();
    vertx.close().await();
  }

  private URI url() {
    return URI.create("http://127.0.0.1:" + receiver.actualPort() + "/hooks/budget");
  }

  @Test
  void crossingFiftyEightyAndOneHundredPercentPostsOneAlertEach() {
    Budget b = f.budget("key:*", BudgetPeriod.MONTHLY, 100 * CENT);
    BudgetService s = f.start(url(), Fixture.options());
    List<BudgetAlert> events = new CopyOnWriteArrayList<>();
    s.onAlert(events::add);
    RequestScopes k = Fixture.key("key_a");

    s.reserve(k, 40 * CENT, false).settle(40 * CENT); // 40 %: nothing
    s.reserve(k, 20 * CENT, false).settle(20 * CENT); // 60 %: crosses 50
    s.reserve(k, 30 * CENT, false).settle(30 * CENT); // 90 %: crosses 80
    s.reserve(k, 10 * CENT, false).settle(15 * CENT); // 105 %: crosses 100 (an honest overspend)
    s.reserve(Fixture.key("key_b"), 5 * CENT, false).settle(5 * CENT); // another key: its own window

    await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 3);
    assertThat(events).extracting(BudgetAlert::threshold).containsExactly(50, 80, 100);
    assertThat(received).extracting(n -> n.get("threshold").asInt()).containsExactlyInAnyOrder(50, 80, 100);
    JsonNode eighty = received.stream().filter(n -> n.get("threshold").asInt() == 80).findFirst().orElseThrow();
    assertThat(eighty.get("budget").asText()).isEqualTo(b.id());
    assertThat(eighty.get("scope").asText()).isEqualTo("key:key_a");
    assertThat(eighty.get("period").asText()).isEqualTo("monthly");
    assertThat(eighty.get("settled_usd").asText()).isEqualTo("0.900000000");
    assertThat(eighty.get("limit_usd").asText()).isEqualTo("1.000000000");
    assertThat(eighty.get("window_start").asText()).isEqualTo("2025-06-01T00:00:00Z");
  }

  @Test
  void oneSettlementCrossingSeveralThresholdsAlertsForEachAndANewWindowAlertsAgain() {
    f.budget("team:ml", BudgetPeriod.DAILY, 100 * CENT);
    BudgetService s = f.start(url(), Fixture.options());
    RequestScopes ml = Fixture.request("k", null, "ml", null, Map.of());

    s.reserve(ml, 100 * CENT, false).settle(100 * CENT);
    await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 3);

    f.clock.advance(Duration.ofDays(1));
    s.reserve(ml, 60 * CENT, false).settle(60 * CENT);
    await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 4);
    assertThat(received.get(3).get("threshold").asInt()).isEqualTo(50);
    assertThat(received.get(3).get("window_start").asText()).isEqualTo("2025-06-15T00:00:00Z");
  }

  @Test
  void aSlowFailingReceiverIsRetriedWithBackoffAndTheRequestPathNeverWaits() {
    failFirst.set(2);
    delayMillis = 2_000; // the receiver takes 2 s to say 503, twice
    f.budget("team:ml", BudgetPeriod.MONTHLY, 100 * CENT);
    BudgetService s = f.start(url(), Fixture.options());
    RequestScopes ml = Fixture.request("k", null, "ml", null, Map.of());

    long start = System.nanoTime();
    s.reserve(ml, 50 * CENT, false).settle(50 * CENT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));

    await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
    assertThat(posts.get()).isEqualTo(3); // two 503s, then delivered
  }

  @Test
  void retriesAreBoundedThenTheAlertIsDropped() {
    failFirst.set(100);
    f.budget("team:ml", BudgetPeriod.MONTHLY, 100 * CENT);
    BudgetService s = f.start(url(), Fixture.options()); // 3 attempts
    s.reserve(Fixture.request("k", null, "ml", null, Map.of()), 50 * CENT, false).settle(50 * CENT);

    await().atMost(Duration.ofSeconds(10)).until(() -> posts.get() == 3);
    await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> true);
    assertThat(posts.get()).isEqualTo(3);
    assertThat(received).isEmpty();
  }
}
