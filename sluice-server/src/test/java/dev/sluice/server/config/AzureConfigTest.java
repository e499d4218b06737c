package dev.sluice.server.config;

import static dev.sluice.server.config.ConfigTestSupport.onlyProblem;
import static dev.sluice.server.config.ConfigTestSupport.parse;
import static dev.sluice.server.config.ConfigTestSupport.problemAt;
import static dev.sluice.server.config.ConfigTestSupport.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.canonical.EmbeddingRequest;
import dev.sluice.core.canonical.UpstreamCall;
import dev.sluice.server.provider.ProviderRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code protocol: azure} as a user writes it: the settings it yields, the URL they lead to, and its mistakes. */
class AzureConfigTest {
  private static final String AZURE = """
      providers:
        - name: az
          protocol: azure
          base_url: https://myres.openai.azure.com/
          api_key: 0123456789abcdef0123456789abcdef
          auth_header: api-key
          models: [my-gpt4o]
          options: { api_version: 2024-10-21 }
      """;

  @Test
  void anAzureProviderLoadsWithItsApiVersion() {
    ProviderSettings az = parse(AZURE).provider("az");

    assertThat(az.protocol()).isEqualTo("azure");
    assertThat(az.baseUrl()).isEqualTo("https://myres.openai.azure.com"); // trailing slash dropped
    assertThat(az.authHeader()).isEqualTo("api-key");
    assertThat(az.options()).containsExactlyEntriesOf(java.util.Map.of("api_version", "2024-10-21"));
    assertThat(az.models()).extracting(ModelEntry::name).containsExactly("my-gpt4o");
    assertThat(az.toString()).doesNotContain("0123456789abcdef");
  }

  @Test
  void theConfiguredApiVersionReachesTheDeploymentUrl_andTheKeyGoesInApiKey() {
    SluiceConfig config = parse(AZURE.replace("2024-10-21", "2025-04-01-preview"));
    ProviderRegistry.Provider az = new ProviderRegistry(config).provider("az");

    UpstreamCall call = az.codec().embeddingsCall(new EmbeddingRequest("az/emb", List.of("hi"), null), "emb");

    assertThat(call.path()).isEqualTo("/openai/deployments/emb/embeddings?api-version=2025-04-01-preview");
    assertThat(new String(call.body(), StandardCharsets.UTF_8)).doesNotContain("\"model\"");
    assertThat(az.speaksOpenAi()).isFalse(); // an OpenAI caller's body must not pass through: no model, other URL
    assertThat(az.endpoint().basePath()).isEmpty();
    assertThat(az.endpoint().headers().get("api-key")).isEqualTo("0123456789abcdef0123456789abcdef");
    assertThat(az.endpoint().headers().get("authorization")).isNull();
  }

  @Test
  void withoutApiVersionTheCodecsDefaultIsUsed() {
    SluiceConfig config = parse(AZURE.replace("      options: { api_version: 2024-10-21 }\n", ""));
    ProviderRegistry.Provider az = new ProviderRegistry(config).provider("az");

    UpstreamCall call = az.codec().embeddingsCall(new EmbeddingRequest("az/emb", List.of("hi"), null), "emb");

    assertThat(call.path()).endsWith("?api-version=" + dev.sluice.core.provider.openai.OpenAiChatCodec
        .DEFAULT_AZURE_API_VERSION);
  }

  @Test
  void anOptionOfAnotherProtocolIsAClearError() {
    ConfigProblem p = onlyProblem(AZURE.replace("{ api_version: 2024-10-21 }",
            "{ api_version: 2024-10-21, region: us-east-1 }"),
        "providers[0].options.region", "unknown option \"region\" for protocol azure");
    assertThat(p.fix()).isEqualTo("use one of: api_version, max_tokens_field");
  }

  @Test
  void reasoningDeploymentsCanAskForMaxCompletionTokens() {
    SluiceConfig config = parse(AZURE.replace("{ api_version: 2024-10-21 }",
        "{ api_version: 2024-10-21, max_tokens_field: max_completion_tokens }"));
    assertThat(config.provider("az").options()).containsEntry("max_tokens_field", "max_completion_tokens");
  }

  @Test
  void anUnknownOptionIsAClearError_andTheInternalAzureFlagIsNotAUserOption() {
    List<ConfigProblem> all = problems(AZURE.replace("{ api_version: 2024-10-21 }",
        "{ api_version: 2024-10-21, deployment: my-gpt4o, azure: \"true\" }"));

    assertThat(all).hasSize(2);
    ConfigProblem deployment = problemAt(all, "providers[0].options.deployment",
        "unknown option \"deployment\" for protocol azure");
    assertThat(deployment.fix()).isEqualTo("use one of: api_version, max_tokens_field");
    problemAt(all, "providers[0].options.azure", "unknown option \"azure\" for protocol azure");
  }

  @Test
  void aMisspelledOptionGetsASuggestion() {
    onlyProblem(AZURE.replace("api_version:", "apiversion:"), "providers[0].options.apiversion",
        "unknown option \"apiversion\" for protocol azure (did you mean \"api_version\"?)");
  }

  @Test
  void anEmptyOptionIsUnset() {
    // "${AZURE_API_VERSION:-}" with the variable unset: the codec's default applies.
    SluiceConfig config = parse(AZURE.replace("{ api_version: 2024-10-21 }", "{ api_version: \"\" }"));
    assertThat(config.provider("az").options()).doesNotContainKey("api_version");
  }
}
