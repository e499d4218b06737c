package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.models.Model;
import dev.sluice.server.Gateway;
import dev.sluice.server.config.RoutingSettings;
import dev.sluice.server.config.ServerSettings;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.config.StoreSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With no provider configured the gateway serves the bundled demo provider, labelled demo/... */
class DemoModeTest {

  @Test
  void aFreshGatewayAnswersTheSdkThroughTheDemoProvider() {
    java.nio.file.Path dataDir = GatewayHarness.tempDir();
    SluiceConfig noProviders = new SluiceConfig("test",
        new ServerSettings("127.0.0.1", 0, 1 << 20, null, Duration.ofSeconds(15)),
        new StoreSettings("sqlite:" + dataDir.resolve("sluice.db"), dataDir), List.of(), List.of(),
        new RoutingSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5)));
    try (Gateway gateway = Gateway.start(noProviders, java.util.Map.of())) {
      assertThat(gateway.demoMode()).isTrue();
      String key = gateway.keys().create("demo", null).plaintext();
      OpenAIClient client = OpenAIOkHttpClient.builder().apiKey(key).baseUrl(gateway.baseUrl() + "/v1")
          .maxRetries(0).build();
      try {
        List<String> ids = new ArrayList<>();
        client.models().list().autoPager().forEach((Model m) -> ids.add(m.id()));
        assertThat(ids).contains("demo/gpt-4o-mini", "demo/echo").allMatch(id -> id.startsWith("demo/"));
        var answer = client.chat().completions().create(ChatCompletionCreateParams.builder()
            .model("demo/echo").addUserMessage("ping from the README").build());
        assertThat(answer.choices().get(0).message().content()).contains("ping from the README");
      } finally {
        client.close();
      }
    }
  }
}
