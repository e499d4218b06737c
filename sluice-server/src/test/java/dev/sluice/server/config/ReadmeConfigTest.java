package dev.sluice.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration example in the README is valid configuration, so the documentation cannot drift. */
class ReadmeConfigTest {

  @Test
  void theReadmeExampleLoads() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    int section = readme.indexOf("## Configuration");
    int start = readme.indexOf("```yaml", section) + "```yaml".length();
    String yaml = readme.substring(start, readme.indexOf("```", start));
    SluiceConfig config = ConfigLoader.parse(yaml, "README.md", Map.of(
        "SLUICE_ADMIN_KEY", "0123456789abcdef0123456789abcdef", "OPENAI_API_KEY", "x", "GROQ_API_KEY", "y",
        "ANTHROPIC_API_KEY", "a", "GEMINI_API_KEY", "g", "AZURE_OPENAI_API_KEY", "z", "AWS_ACCESS_KEY_ID", "AKID",
        "AWS_SECRET_ACCESS_KEY", "s"));
    assertThat(config.providers()).extracting(ProviderSettings::name)
        .containsExactly("openai", "groq", "local", "claude", "google", "azure", "aws");
    assertThat(config.provider("aws").options()).containsEntry("region", "us-east-1").doesNotContainKey("session_token");
    assertThat(config.models()).extracting(ModelAlias::name).containsExactly("fast");
    assertThat(config.routing().auto().rules()).hasSize(2);
  }
}
