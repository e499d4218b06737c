package dev.sluice.bench;

import dev.sluice.server.Gateway;
import dev.sluice.server.config.ModelEntry;
import dev.sluice.server.config.ProviderSettings;
import dev.sluice.server.config.RoutingSettings;
import dev.sluice.server.config.ServerSettings;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.config.StoreSettings;
import dev.sluice.testkit.FakeOpenAiProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Serial (c=1) non-streamed chat completions, direct to the fake provider and through the gateway, in one
 * run on one machine: the difference is what the gateway adds. The first scenario of the benchmark; the
 * open-loop generator and the other scenarios come with the benchmark issue.
 *
 * <p>Usage: {@code ./sluice bench [requests]} (default 5000 measured after 2000 warm-up requests).
 */
public final class BenchMain {
  private static final String BODY =
      "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";

  public static void main(String[] args) throws Exception {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int warmup = 2000;
    try (FakeOpenAiProvider fake = FakeOpenAiProvider.start()) {
      Path data = Files.createTempDirectory("sluice-bench");
      SluiceConfig config = new SluiceConfig("bench",
          new ServerSettings("127.0.0.1", 0, 8 << 20, null, Duration.ofSeconds(15)),
          new StoreSettings("sqlite:" + data.resolve("sluice.db"), data),
          List.of(new ProviderSettings("fake", "openai", fake.baseUrl(), fake.apiKey(), "Authorization", Map.of(),
              List.of(new ModelEntry("gpt-4o-mini", null)), false)),
          List.of(), new RoutingSettings(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(30)));
      long t0 = System.nanoTime();
      try (Gateway gateway = Gateway.start(config, Map.of())) {
        long startupMs = (System.nanoTime() - t0) / 1_000_000;
        String key = gateway.keys().create("bench", null).plaintext();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest direct = request(fake.baseUrl() + "/chat/completions", "gpt-4o-mini", fake.apiKey());
        HttpRequest viaGateway = request(gateway.baseUrl() + "/v1/chat/completions", "fake/gpt-4o-mini", key);
        run(client, direct, warmup);
        run(client, viaGateway, warmup);
        // Interleave the two so drift in the machine (other load, JIT) hits both alike.
        Histogram directH = new Histogram(3);
        Histogram gatewayH = new Histogram(3);
        for (int i = 0; i < requests; i++) {
          directH.recordValue(time(client, direct));
          gatewayH.recordValue(time(client, viaGateway));
        }
        System.out.printf("gateway start (in-process, warm JVM): %d ms%n", startupMs);
        System.out.printf("serial c=1 non-stream, %d requests each%n", requests);
        System.out.printf("%-10s %10s %10s %10s %10s%n", "", "p50 us", "p90 us", "p99 us", "max us");
        print("direct", directH);
        print("gateway", gatewayH);
        System.out.printf("%-10s %10d %10d %10d%n", "added",
            gatewayH.getValueAtPercentile(50) - directH.getValueAtPercentile(50),
            gatewayH.getValueAtPercentile(90) - directH.getValueAtPercentile(90),
            gatewayH.getValueAtPercentile(99) - directH.getValueAtPercentile(99));
      }
    }
  }

  private static HttpRequest request(String url, String model, String key) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("authorization", "Bearer " + key)
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(BODY.formatted(model)))
        .build();
  }

  private static void run(HttpClient client, HttpRequest request, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      time(client, request);
    }
  }

  private static long time(HttpClient client, HttpRequest request) throws Exception {
    long start = System.nanoTime();
    HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    long micros = (System.nanoTime() - start) / 1_000;
    if (response.statusCode() != 200) {
      throw new IllegalStateException("status " + response.statusCode() + ": " + new String(response.body()));
    }
    return micros;
  }

  private static void print(String name, Histogram h) {
    System.out.printf("%-10s %10d %10d %10d %10d%n", name, h.getValueAtPercentile(50),
        h.getValueAtPercentile(90), h.getValueAtPercentile(99), h.getMaxValue());
  }
}
