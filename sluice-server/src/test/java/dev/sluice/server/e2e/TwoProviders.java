package dev.sluice.server.e2e;

import dev.sluice.server.Gateway;
import dev.sluice.server.config.ModelAlias;
import dev.sluice.server.config.ModelEntry;
import dev.sluice.server.config.ProviderSettings;
import dev.sluice.server.config.RoutingSettings;
import dev.sluice.server.config.ServerSettings;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.config.StoreSettings;
import dev.sluice.testkit.FakeOpenAiProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A gateway in front of two fake providers, "primary" and "secondary", for routing tests: aliases and
 * routing settings are the test's; timeouts are short so faults end fast.
 */
final class TwoProviders implements AutoCloseable {
  static final String ADMIN_KEY = "admin-key-for-tests-0123456789abcdef";
  final FakeOpenAiProvider primary = FakeOpenAiProvider.start();
  final FakeOpenAiProvider secondary = FakeOpenAiProvider.start();
  final Gateway gateway;
  final String key;
  final java.util.Queue<dev.sluice.core.usage.AttemptRecord> records = new java.util.concurrent.ConcurrentLinkedQueue<>();

  TwoProviders(List<ModelAlias> aliases, RoutingSettings routing) {
    Path dataDir = GatewayHarness.tempDir();
    SluiceConfig config = new SluiceConfig("test",
        new ServerSettings("127.0.0.1", 0, 1 << 20, ADMIN_KEY, Duration.ofSeconds(15)),
        new StoreSettings("sqlite:" + dataDir.resolve("sluice.db"), dataDir),
        List.of(provider("primary", primary), provider("secondary", secondary)),
        aliases, routing);
    this.gateway = Gateway.start(config, Map.of(), List.of(records::add));
    this.key = gateway.keys().create("test", null).plaintext();
  }

  /** Timeouts short enough for fault tests: connect 1 s, stream silence 1.5 s, first event 700 ms. */
  static RoutingSettings fastRouting(int retries) {
    return new RoutingSettings(Duration.ofSeconds(1), Duration.ofMillis(1500), Duration.ofMillis(700))
        .withRetries(retries).withBackoff(Duration.ofMillis(20), Duration.ofMillis(100));
  }

  private static ProviderSettings provider(String name, FakeOpenAiProvider fake) {
    return new ProviderSettings(name, "openai", fake.baseUrl(), fake.apiKey(), "Authorization", Map.of(),
        List.of(new ModelEntry("gpt-4o-mini", null)), false);
  }

  String chatUrl() {
    return gateway.baseUrl() + "/v1/chat/completions";
  }

  @Override
  public void close() {
    gateway.close();
    primary.close();
    secondary.close();
  }
}
