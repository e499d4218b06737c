package dev.sluice.server.provider;

import dev.sluice.server.config.ModelEntry;
import dev.sluice.server.config.ProviderSettings;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.testkit.FakeOpenAiProvider;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;

/**
 * The bundled demo provider: the testkit's fake OpenAI on a free loopback port, registered as provider
 * {@code demo}, so a fresh install answers the README's curl and the OpenAI SDK before any real provider
 * is configured. Its models are labelled {@code demo/...} in /v1/models and its answers are canned.
 */
public final class DemoProvider implements AutoCloseable {
  public static final String NAME = "demo";
  private final FakeOpenAiProvider fake;

  private DemoProvider(FakeOpenAiProvider fake) {
    this.fake = fake;
  }

  public static DemoProvider start(Vertx vertx) {
    return new DemoProvider(FakeOpenAiProvider.start(vertx, 0));
  }

  public SluiceConfig addTo(SluiceConfig config) {
    ProviderSettings settings = new ProviderSettings(NAME, "openai", fake.baseUrl(), fake.apiKey(),
        "Authorization", Map.of(),
        List.of(new ModelEntry("gpt-4o-mini", null), new ModelEntry("gpt-4o", null),
            new ModelEntry("echo", null), new ModelEntry("text-embedding-3-small", null)),
        true);
    return new SluiceConfig(config.source(), config.server(), config.store(), List.of(settings),
        config.models(), config.routing());
  }

  @Override
  public void close() {
    fake.close();
  }
}
