package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Label cardinality and client-keyed memory: scanner paths ({@code /wp-login.php}, {@code /.env}, 500 random
 * paths) and 500 random or typo'd model names must not create /metrics series (the set of series is the same
 * before and after), nor one in-memory routing-health entry per name (what {@code /admin/routing} lists).
 */
class CardinalityTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN = "admin-key-cardinality-0123456789abcdef";
  private static final Random RANDOM = new Random(20261125);
  private static GatewayHarness harness;

  @BeforeAll
  static void start() {
    harness = GatewayHarness.startWithAdmin(ADMIN);
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void scannerPathsAndRandomModelNamesCreateNoSeriesAndNoHealthEntries() throws Exception {
    // Warm-up: one of each kind, so every bounded series that can exist exists.
    chat("fake/gpt-4o-mini");
    chat("fake/typo-warmup");
    chat("nosuchprovider/warmup");
    chat("warmup-bare-name");
    get("/wp-login.php", harness.key);
    Set<String> seriesBefore = series();
    int healthBefore = healthEntries();
    for (String path : List.of("/wp-login.php", "/files/x.php", "/.env", "/.git/config", "/admin/../.env",
        "/v1/../../etc/passwd", "/cgi-bin/luci", "/actuator/env")) {
      assertThat(get(path, null).statusCode()).isIn(400, 401, 403, 404);
      assertThat(get(path, harness.key).statusCode()).isIn(400, 401, 403, 404);
    }
    for (int i = 0; i < 500; i++) {
      String path = "/" + word() + (i % 3 == 0 ? ".php" : "") + (i % 5 == 0 ? "/" + word() : "");
      assertThat(get(path, i % 2 == 0 ? harness.key : null).statusCode()).isIn(400, 401, 404);
      assertThat(post("/admin/" + word(), harness.key).statusCode()).isIn(401, 404);
    }
    for (int i = 0; i < 500; i++) {
      String model = switch (i % 4) {
        case 0 -> "fake/" + word();               // a typo on a configured provider
        case 1 -> word() + "/" + word();          // an unknown provider
        case 2 -> word();                         // an unknown alias
        default -> "fake/gpt-4o-mini-" + word();  // a near miss
      };
      assertThat(chat(model).statusCode()).isIn(200, 400, 404, 502);
    }
    Set<String> seriesAfter = series();
    assertThat(seriesAfter).as("new series: %s", diff(seriesAfter, seriesBefore)).isEqualTo(seriesBefore);
    assertThat(healthEntries()).as("routing-health entries").isLessThanOrEqualTo(healthBefore);
  }

  /** Every series of the scrape: the metric name with its labels, without the value. */
  private static Set<String> series() {
    HttpResponse<String> scrape = get("/metrics", ADMIN);
    assertThat(scrape.statusCode()).isEqualTo(200);
    return Arrays.stream(scrape.body().split("\n")).filter(l -> !l.isBlank() && !l.startsWith("#"))
        .map(l -> l.substring(0, l.lastIndexOf(' '))).collect(Collectors.toCollection(TreeSet::new));
  }

  private static int healthEntries() throws Exception {
    HttpResponse<String> routing = get("/admin/routing", ADMIN);
    assertThat(routing.statusCode()).isEqualTo(200);
    return JSON.readTree(routing.body()).get("deployments").size();
  }

  private static Set<String> diff(Set<String> a, Set<String> b) {
    Set<String> d = new TreeSet<>(a);
    d.removeAll(b);
    return d;
  }

  private static String word() {
    StringBuilder s = new StringBuilder();
    for (int i = 0, n = 4 + RANDOM.nextInt(12); i < n; i++) {
      s.append((char) ('a' + RANDOM.nextInt(26)));
    }
    return s.toString();
  }

  private static HttpResponse<String> chat(String model) {
    return Http.post(harness.baseUrl() + "/v1/chat/completions", harness.key,
        "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
  }

  private static HttpResponse<String> get(String path, String key) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(harness.baseUrl() + path)).timeout(Duration.ofSeconds(10)).GET();
    if (key != null) {
      b.header("authorization", "Bearer " + key);
    }
    return Http.send(b.build());
  }

  private static HttpResponse<String> post(String path, String key) {
    return Http.post(harness.baseUrl() + path, key, "{}");
  }
}
