package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.usage.AttemptRecord;
import dev.sluice.server.Gateway;
import dev.sluice.server.config.ModelAlias;
import dev.sluice.server.config.ModelEntry;
import dev.sluice.server.config.ProviderSettings;
import dev.sluice.server.config.RoutingSettings;
import dev.sluice.server.config.ServerSettings;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.config.StoreSettings;
import dev.sluice.testkit.FakeBedrockProvider;
import dev.sluice.testkit.FakeOpenAiProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.awaitility.Awaitility;

/**
 * A gateway for upstream-fault tests: an OpenAI fake ({@code openai/...}, every fault knob), a Bedrock fake
 * ({@code bedrock/...}: its 429 carries no Retry-After) and a provider on a closed port ({@code dead/...}).
 * Counts are read from both sides: what each fake received, the attempt records the gateway produced, and the
 * rows that reached the SQLite ledger.
 */
final class FaultFixture implements AutoCloseable {
  final FakeOpenAiProvider openai = FakeOpenAiProvider.start();
  final FakeBedrockProvider bedrock = FakeBedrockProvider.start();
  final Queue<AttemptRecord> records = new ConcurrentLinkedQueue<>();
  final Gateway gateway;
  final String key;
  final DialectWire wire;
  private final Path dataDir = GatewayHarness.tempDir();

  FaultFixture(List<ModelAlias> aliases, RoutingSettings routing) {
    this(aliases, routing, List.of());
  }

  /** With more providers besides the three (e.g. a raw socket the test controls). */
  FaultFixture(List<ModelAlias> aliases, RoutingSettings routing, List<ProviderSettings> extra) {
    List<ModelEntry> models = List.of(new ModelEntry("gpt-4o-mini", null));
    List<ProviderSettings> providers = new ArrayList<>(List.of(
        new ProviderSettings("openai", "openai", openai.baseUrl(), openai.apiKey(), "Authorization", Map.of(), models,
            false),
        new ProviderSettings("bedrock", "bedrock", bedrock.baseUrl(), bedrock.accessKeyId(), "Authorization", Map.of(),
            models, false, Map.of("region", bedrock.region(), "secret_access_key", bedrock.secretAccessKey())),
        new ProviderSettings("dead", "openai", "http://127.0.0.1:" + closedPort() + "/v1", "sk-dead", "Authorization",
            Map.of(), models, false)));
    providers.addAll(extra);
    SluiceConfig config = new SluiceConfig("test",
        new ServerSettings("127.0.0.1", 0, 1 << 20, null, Duration.ofSeconds(15)),
        new StoreSettings("sqlite:" + dataDir.resolve("sluice.db"), dataDir), providers, aliases, routing);
    gateway = Gateway.start(config, Map.of(), List.of(records::add));
    key = gateway.keys().create("faults", null).plaintext();
    wire = new DialectWire(gateway.baseUrl(), key, List.of(openai.apiKey(), bedrock.secretAccessKey(), "sk-dead"));
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The gateway's attempt records of one request (waiting for {@code expected} of them), by attempt number. */
  List<AttemptRecord> records(String requestId, int expected) {
    Awaitility.await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20))
        .until(() -> records.stream().filter(r -> r.requestId().equals(requestId)).count() >= expected);
    return records.stream().filter(r -> r.requestId().equals(requestId))
        .sorted(java.util.Comparator.comparingInt(AttemptRecord::attempt)).toList();
  }

  /** The outcomes of the rows the ledger shipped to the store for one request, by attempt number. */
  List<String> ledgerRows(String requestId) {
    gateway.ledger().awaitShipped(Duration.ofSeconds(5));
    List<String> outcomes = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("sluice.db"));
        PreparedStatement s = c.prepareStatement(
            "SELECT attempt, outcome FROM usage_records WHERE request_id = ? ORDER BY attempt")) {
      s.setString(1, requestId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          outcomes.add(rs.getInt(1) + ":" + rs.getString(2));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return outcomes;
  }

  /** Asserts the core invariant: one ledger row per attempt, numbered 1..n, as many as the gateway made. */
  void assertOneRowPerAttempt(String requestId, int attempts) {
    List<AttemptRecord> mine = records(requestId, attempts);
    assertThat(mine).as("attempt records of " + requestId).hasSize(attempts);
    assertThat(mine.stream().map(AttemptRecord::attempt).toList())
        .isEqualTo(java.util.stream.IntStream.rangeClosed(1, attempts).boxed().toList());
    List<String> rows = ledgerRows(requestId);
    assertThat(rows).as("ledger rows of " + requestId).hasSize(attempts);
    assertThat(rows).isEqualTo(mine.stream().map(r -> r.attempt() + ":" + r.outcome().name()).toList());
  }

  @Override
  public void close() {
    gateway.close();
    openai.close();
    bedrock.close();
  }
}
