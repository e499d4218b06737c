package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.config.ModelEntry;
import dev.sluice.server.config.ProviderSettings;
import dev.sluice.testkit.FakeAnthropicProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * RELIABILITY (c) "canary-secret grep", CWE-532: canary provider keys, a canary virtual key and a canary prompt go
 * through unary and streamed chat, an upstream 500, an upstream 401 (the provider refusing its key), a client 401,
 * and translated calls both ways (OpenAI caller on an Anthropic provider, Anthropic caller on an OpenAI provider).
 * Then none of the keys may appear in any response body or header, the gateway's log output (every level down to
 * TRACE), /metrics, any table of the SQLite store, or any byte of any file under the data directory (database,
 * WAL, usage journal segments). The prompt may appear only in responses (the fake echoes): Sluice stores no
 * prompt or completion text, and has no option to turn that on.
 */
class SecretCanaryTest {
  private static final String OPENAI_KEY = "sk-canary-PROVIDERKEY-123";
  private static final String ANTHROPIC_KEY = "sk-ant-canary-PROVIDERKEY-456";
  private static final String WRONG_KEY = "sk-canary-WRONGPROVIDERKEY-789";
  private static final String PROMPT = "CANARY-PROMPT-5b1e9 please keep this private";

  @Test
  void noSecretOrPromptEndsUpInLogsMetricsStoreOrJournal() throws Exception {
    List<String> seen = new ArrayList<>(); // every response status line, header and body
    String virtualKey;
    Path dataDir;
    String logs;
    String metrics;
    String tables;
    try (LogCapture capture = LogCapture.attach();
        FakeAnthropicProvider anthropic = FakeAnthropicProvider.start().requireApiKey(ANTHROPIC_KEY)) {
      GatewayHarness harness = GatewayHarness.start(c -> GatewayHarness.withProviders(c, List.of(
          new ProviderSettings("fake", "openai", c.providers().get(0).baseUrl(), OPENAI_KEY, "Authorization", Map.of(),
              List.of(new ModelEntry("gpt-4o-mini", null)), false),
          new ProviderSettings("wrongkey", "openai", c.providers().get(0).baseUrl(), WRONG_KEY, "Authorization", Map.of(),
              List.of(new ModelEntry("gpt-4o-mini", null)), false),
          new ProviderSettings("claude", "anthropic", anthropic.baseUrl(), ANTHROPIC_KEY, "x-api-key", Map.of(),
              List.of(new ModelEntry("claude-sonnet-4", null)), false))));
      try {
        harness.fake.requireApiKey(OPENAI_KEY);
        virtualKey = harness.key;
        dataDir = harness.dataDir;
        String chat = harness.baseUrl() + "/v1/chat/completions";
        String messages = harness.baseUrl() + "/v1/messages";
        for (String model : List.of("fake/gpt-4o-mini", "fake/error-500", "wrongkey/gpt-4o-mini", "claude/claude-sonnet-4",
            "claude/error-401")) {
          keep(seen, Http.post(chat, virtualKey, chatBody(model, false)));
          Http.StreamResult stream = Http.stream(chat, virtualKey, chatBody(model, true));
          seen.add(stream.response().headers().map().toString());
          seen.add(stream.raw());
          keep(seen, Http.send(HttpRequest.newBuilder(URI.create(messages)).timeout(Duration.ofSeconds(10))
              .header("x-api-key", virtualKey).header("anthropic-version", "2023-06-01")
              .header("content-type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"max_tokens\":16,"
                  + "\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}")).build()));
        }
        HttpResponse<String> refused = Http.post(chat, "sk-sluice-CANARYCLIENTKEY", chatBody("fake/gpt-4o-mini", false));
        assertThat(refused.statusCode()).isEqualTo(401);
        keep(seen, refused);
        // The calls really happened, with the canaries: the checks below are not vacuous.
        assertThat(harness.fake.requests()).anyMatch(r -> ("Bearer " + OPENAI_KEY).equals(r.header("authorization")));
        assertThat(harness.fake.requests()).anyMatch(r -> ("Bearer " + WRONG_KEY).equals(r.header("authorization")));
        assertThat(anthropic.requests()).anyMatch(r -> ANTHROPIC_KEY.equals(r.header("x-api-key")));
        assertThat(harness.fake.requests()).anyMatch(r -> r.body().contains("CANARY-PROMPT"));
        harness.gateway.ledger().awaitShipped(Duration.ofSeconds(5));
        HttpResponse<String> scrape = Http.get(harness.baseUrl() + "/metrics", null);
        assertThat(scrape.statusCode()).isEqualTo(200);
        metrics = scrape.body();
        assertThat(metrics).contains("sluice_attempts");
        tables = dumpTables(dataDir.resolve("sluice.db"));
        assertThat(tables).contains("gpt-4o-mini"); // usage rows are there
      } finally {
        harness.close();
      }
      logs = capture.text();
      assertThat(capture.size()).isPositive(); // the access log ran through the capture
    }
    String responses = String.join("\n", seen);
    String files = allFilesUnder(dataDir);
    List<String> secrets = List.of(OPENAI_KEY, ANTHROPIC_KEY, WRONG_KEY, virtualKey, "PROVIDERKEY", "CANARYCLIENTKEY",
        virtualKey.substring("sk-sluice-".length(), "sk-sluice-".length() + 16));
    for (String secret : secrets) {
      assertThat(responses).as("responses").doesNotContain(secret);
      assertThat(logs).as("log output").doesNotContain(secret);
      assertThat(metrics).as("/metrics").doesNotContain(secret);
      assertThat(tables).as("database tables").doesNotContain(secret);
      assertThat(files).as("files under the data dir").doesNotContain(secret);
    }
    for (String where : List.of(logs, metrics, tables, files)) {
      assertThat(where).doesNotContain("CANARY-PROMPT");
    }
  }

  private static String chatBody(String model, boolean stream) {
    return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\""
        + PROMPT + "\"}]}";
  }

  private static void keep(List<String> seen, HttpResponse<String> response) {
    seen.add(response.statusCode() + " " + response.headers().map() + "\n" + response.body());
  }

  /** Every row of every table, as text. */
  private static String dumpTables(Path db) throws Exception {
    StringBuilder out = new StringBuilder();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      List<String> names = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
      assertThat(names).contains("virtual_keys", "usage_records");
      for (String table : names) {
        try (ResultSet rs = s.executeQuery("SELECT * FROM \"" + table + "\"")) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            out.append(table).append(':');
            for (int i = 1; i <= columns; i++) {
              out.append(' ').append(rs.getString(i));
            }
            out.append('\n');
          }
        }
      }
    }
    return out.toString();
  }

  /** The raw bytes of every file under the directory (database pages, WAL, journal segments), as Latin-1 text. */
  private static String allFilesUnder(Path dir) {
    StringBuilder out = new StringBuilder();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        out.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).append('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(out.length()).isPositive();
    return out.toString();
  }
}
