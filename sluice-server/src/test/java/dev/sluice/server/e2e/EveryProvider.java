package dev.sluice.server.e2e;

import dev.sluice.core.usage.AttemptRecord;
import dev.sluice.server.Gateway;
import dev.sluice.server.config.ModelAlias;
import dev.sluice.server.config.ModelEntry;
import dev.sluice.server.config.ProviderSettings;
import dev.sluice.server.config.RoutingSettings;
import dev.sluice.server.config.ServerSettings;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.config.StoreSettings;
import dev.sluice.testkit.FakeAnthropicProvider;
import dev.sluice.testkit.FakeBedrockProvider;
import dev.sluice.testkit.FakeCohereProvider;
import dev.sluice.testkit.FakeGeminiProvider;
import dev.sluice.testkit.FakeOpenAiProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A gateway in front of one wire-faithful fake of every upstream protocol: providers named {@code openai},
 * {@code anthropic}, {@code gemini}, {@code bedrock} and {@code cohere}, each configured the way a user
 * would (its protocol, auth header and options), plus every attempt's ledger record.
 */
final class EveryProvider implements AutoCloseable {
  static final List<String> PROVIDERS = List.of("openai", "anthropic", "gemini", "bedrock", "cohere");

  final FakeOpenAiProvider openai = FakeOpenAiProvider.start();
  final FakeAnthropicProvider anthropic = FakeAnthropicProvider.start();
  final FakeGeminiProvider gemini = FakeGeminiProvider.start();
  final FakeBedrockProvider bedrock = FakeBedrockProvider.start();
  final FakeCohereProvider cohere = FakeCohereProvider.start();
  final Queue<AttemptRecord> records = new ConcurrentLinkedQueue<>();
  final Gateway gateway;
  final String key;

  EveryProvider() {
    this(List.of(), new RoutingSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5))
        .withRetries(0));
  }

  /** With the test's own aliases (deployments on these providers) and timing. */
  EveryProvider(List<ModelAlias> aliases, RoutingSettings routing) {
    Path dataDir = GatewayHarness.tempDir();
    List<ModelEntry> models = List.of(new ModelEntry("model-a", null));
    List<ProviderSettings> providers = List.of(
        new ProviderSettings("openai", "openai", openai.baseUrl(), openai.apiKey(), "Authorization", Map.of(), models,
            false),
        new ProviderSettings("anthropic", "anthropic", anthropic.baseUrl(), anthropic.apiKey(), "x-api-key", Map.of(),
            models, false),
        new ProviderSettings("gemini", "gemini", gemini.baseUrl(), gemini.apiKey(), "x-goog-api-key", Map.of(), models,
            false),
        new ProviderSettings("bedrock", "bedrock", bedrock.baseUrl(), bedrock.accessKeyId(), "Authorization", Map.of(),
            models, false, Map.of("region", bedrock.region(), "secret_access_key", bedrock.secretAccessKey())),
        new ProviderSettings("cohere", "cohere", cohere.baseUrl(), cohere.apiKey(), "Authorization", Map.of(), models,
            false));
    SluiceConfig config = new SluiceConfig("test",
        new ServerSettings("127.0.0.1", 0, 1 << 20, null, Duration.ofSeconds(15)),
        new StoreSettings("sqlite:" + dataDir.resolve("sluice.db"), dataDir), providers, aliases, routing);
    gateway = Gateway.start(config, Map.of(), List.of(records::add));
    key = gateway.keys().create("every-provider", null).plaintext();
  }

  /** Every credential the gateway holds for the fakes: none may ever reach a client. */
  List<String> providerSecrets() {
    return java.util.stream.Stream.of(openai.apiKey(), anthropic.apiKey(), gemini.apiKey(), bedrock.secretAccessKey(),
        bedrock.accessKeyId(), bedrock.apiKey(), cohere.apiKey()).filter(java.util.Objects::nonNull).toList();
  }

  String baseUrl() {
    return gateway.baseUrl();
  }

  @Override
  public void close() {
    gateway.close();
    openai.close();
    anthropic.close();
    gemini.close();
    bedrock.close();
    cohere.close();
  }
}
