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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real gateway on a free loopback port in front of the testkit's fake OpenAI provider, with its own
 * SQLite store in a temporary directory and one virtual key. Timeouts are short so fault tests end fast.
 */
final class GatewayHarness implements AutoCloseable {
  final FakeOpenAiProvider fake;
  final Gateway gateway;
  final String key;
  final Path dataDir;

  private GatewayHarness(FakeOpenAiProvider fake, Gateway gateway, String key, Path dataDir) {
    this.fake = fake;
    this.gateway = gateway;
    this.key = key;
    this.dataDir = dataDir;
  }

  static GatewayHarness start() {
    return start(settings -> settings);
  }

  static GatewayHarness start(java.util.function.UnaryOperator<SluiceConfig> customize) {
    FakeOpenAiProvider fake = FakeOpenAiProvider.start();
    Path dataDir = tempDir();
    SluiceConfig config = customize.apply(configFor(fake, dataDir));
    Gateway gateway = Gateway.start(config, Map.of());
    String key = gateway.keys().create("test", null).plaintext();
    return new GatewayHarness(fake, gateway, key, dataDir);
  }

  /**
   * The default gateway ({@link #configFor}: 64 KiB body limit, 15 s timeout) with its admin API turned on,
   * answering to {@code adminKey}: the setup of the tests that call /admin or /metrics.
   */
  static GatewayHarness startWithAdmin(String adminKey) {
    return start(c -> withServer(c, new ServerSettings("127.0.0.1", 0, 64 * 1024, adminKey, Duration.ofSeconds(15))));
  }

  static SluiceConfig configFor(FakeOpenAiProvider fake, Path dataDir) {
    ServerSettings server = new ServerSettings("127.0.0.1", 0, 64 * 1024, null, Duration.ofSeconds(15));
    StoreSettings store = new StoreSettings("sqlite:" + dataDir.resolve("sluice.db"), dataDir);
    ProviderSettings provider = new ProviderSettings("fake", "openai", fake.baseUrl(), fake.apiKey(),
        "Authorization", Map.of(),
        List.of(new ModelEntry("gpt-4o-mini", null), new ModelEntry("text-embedding-3-small", null),
            new ModelEntry("house-model", 32_000)),
        false);
    ModelAlias fast = new ModelAlias("fast", List.of(new ModelAlias.Deployment("fake/gpt-4o-mini", 1)));
    RoutingSettings routing = new RoutingSettings(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(3));
    return new SluiceConfig("test", server, store, List.of(provider), List.of(fast), routing);
  }

  static SluiceConfig withServer(SluiceConfig c, ServerSettings server) {
    return new SluiceConfig(c.source(), server, c.store(), c.providers(), c.models(), c.routing());
  }

  static SluiceConfig withRouting(SluiceConfig c, RoutingSettings routing) {
    return new SluiceConfig(c.source(), c.server(), c.store(), c.providers(), c.models(), routing);
  }

  static SluiceConfig withProviders(SluiceConfig c, List<ProviderSettings> providers) {
    return new SluiceConfig(c.source(), c.server(), c.store(), providers, c.models(), c.routing());
  }

  String baseUrl() {
    return gateway.baseUrl();
  }

  static Path tempDir() {
    try {
      return Files.createTempDirectory("sluice-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    gateway.close();
    fake.close();
  }
}
