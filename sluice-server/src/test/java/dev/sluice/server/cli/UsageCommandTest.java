package dev.sluice.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.Gateway;
import dev.sluice.server.config.ModelEntry;
import dev.sluice.server.config.ProviderSettings;
import dev.sluice.server.config.RoutingSettings;
import dev.sluice.server.config.ServerSettings;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.config.StoreSettings;
import dev.sluice.testkit.FakeOpenAiProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice usage} reads what the ledger shipped: requests, tokens and cost per group. */
class UsageCommandTest {
  @TempDir Path dir;

  @Test
  void usageByModelAndByKeyShowsTheLedgersRows() throws Exception {
    Path db = dir.resolve("sluice.db");
    try (FakeOpenAiProvider fake = FakeOpenAiProvider.start()) {
      SluiceConfig config = new SluiceConfig("test", new ServerSettings("127.0.0.1", 0, 1 << 20, null,
          Duration.ofSeconds(15)), new StoreSettings("sqlite:" + db, dir),
          List.of(new ProviderSettings("fake", "openai", fake.baseUrl(), fake.apiKey(), "Authorization", Map.of(),
              List.of(new ModelEntry("gpt-4o-mini", null)), false)),
          List.of(), new RoutingSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5)));
      try (Gateway gateway = Gateway.start(config, Map.of())) {
        String key = gateway.keys().create("reporting", null).plaintext();
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < 3; i++) {
          HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
              .header("authorization", "Bearer " + key)
              .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"fake/gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
                  + "\"content\":\"hello\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
          assertThat(r.statusCode()).isEqualTo(200);
        }
      } // closing ships the ledger
    }
    Path file = dir.resolve("sluice.yaml");
    Files.writeString(file, "store:\n  url: \"sqlite:" + db + "\"\n");
    String byModel = run("usage", "--config", file.toString(), "--by", "model", "--since", "1d");
    assertThat(byModel).contains("fake/gpt-4o-mini");
    String row = byModel.lines().filter(l -> l.contains("fake/gpt-4o-mini")).findFirst().orElseThrow();
    assertThat(row.trim().split("\\s+")[1]).isEqualTo("3"); // requests
    assertThat(run("usage", "--config", file.toString(), "--by", "key")).contains("key_");
    assertThat(SluiceCli.run("usage", "--config", file.toString(), "--by", "colour")).isEqualTo(2);
  }

  private static String run(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertThat(SluiceCli.run(args)).isZero();
    } finally {
      System.setOut(old);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
