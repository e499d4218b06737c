package dev.sluice.server.config;

import static dev.sluice.server.config.ConfigTestSupport.ADMIN_KEY;
import static dev.sluice.server.config.ConfigTestSupport.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files, YAML syntax, the full shape, presets and the no-file defaults. */
class ConfigLoaderTest {

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(ConfigLoaderTest.class.getResource("/config/" + name).toURI());
  }

  @Test
  void fullFileBindsIntoRecords() throws Exception {
    Path file = resource("full.yaml");
    SluiceConfig c = ConfigLoader.load(file,
        Map.of("ADMIN_KEY", ADMIN_KEY, "OPENAI_API_KEY", "sk-openai", "GROQ_API_KEY", "gsk-groq",
            "SLUICE_DATA_DIR", "/var/lib/sluice"));

    assertThat(c.source()).isEqualTo(file.toString());
    assertThat(c.server()).isEqualTo(
        new ServerSettings("0.0.0.0", 9090, 512 * 1024, ADMIN_KEY, Duration.ofMillis(500)));
    assertThat(c.store()).isEqualTo(new StoreSettings("sqlite:/var/lib/sluice/state.db", Path.of("/var/lib/sluice")));
    assertThat(c.routing()).isEqualTo(
        new RoutingSettings(Duration.ofSeconds(2), Duration.ofMinutes(2), Duration.ofSeconds(90)));

    assertThat(c.providers()).extracting(ProviderSettings::name).containsExactly("openai", "groq", "azure-ish", "local");
    assertThat(c.provider("openai")).isEqualTo(new ProviderSettings("openai", "openai", "https://api.openai.com/v1",
        "sk-openai", "Authorization", Map.of("OpenAI-Organization", "org-x"),
        List.of(new ModelEntry("gpt-4o-mini", null), new ModelEntry("gpt-4o", 128000)), false));
    ProviderSettings groq = c.provider("groq");
    assertThat(groq.baseUrl()).isEqualTo("https://api.groq.com/openai/v1");
    assertThat(groq.apiKey()).isEqualTo("gsk-groq");
    assertThat(groq.models()).extracting(ModelEntry::name).contains("llama-3.3-70b-versatile");
    ProviderSettings azure = c.provider("azure-ish");
    assertThat(azure.apiKey()).isEqualTo("fallback-key");
    assertThat(azure.authHeader()).isEqualTo("api-key");
    assertThat(azure.models()).isEmpty();
    ProviderSettings local = c.provider("local");
    assertThat(local.baseUrl()).isEqualTo("http://127.0.0.1:11434/v1");
    assertThat(local.apiKey()).isNull();
    assertThat(c.providers()).noneMatch(ProviderSettings::demo);

    assertThat(c.models()).containsExactly(
        new ModelAlias("smart", List.of(new ModelAlias.Deployment("openai/gpt-4o", 3),
            new ModelAlias.Deployment("groq/llama-3.3-70b-versatile", 1))),
        new ModelAlias("cheap", List.of(new ModelAlias.Deployment("local/llama3.2", 1))));
  }

  @Test
  void emptyFileIsAllDefaults(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("sluice.yaml"), "# nothing yet\n");
    SluiceConfig c = ConfigLoader.load(file, Map.of("OPENAI_API_KEY", "sk"));
    assertThat(c.server()).isEqualTo(new ServerSettings("127.0.0.1", 8080, 8L << 20, null, Duration.ofSeconds(15)));
    assertThat(c.store()).isEqualTo(new StoreSettings("sqlite:./data/sluice.db", Path.of("./data")));
    assertThat(c.routing()).isEqualTo(
        new RoutingSettings(Duration.ofSeconds(5), Duration.ofSeconds(120), Duration.ofSeconds(60)));
    assertThat(c.providers()).as("a file says which providers exist; env keys add none").isEmpty();
    assertThat(c.models()).isEmpty();
  }

  @Test
  void keysWithoutAValueMeanTheDefaults() {
    SluiceConfig c = parse("server:\nstore:\nproviders:\nmodels:\nrouting:\n");
    assertThat(c.server().port()).isEqualTo(8080);
    assertThat(c.providers()).isEmpty();
    assertThat(c.routing()).isEqualTo(
        new RoutingSettings(Duration.ofSeconds(5), Duration.ofSeconds(120), Duration.ofSeconds(60)));
  }

  @Test
  void dataDirComesFromTheEnvironment() {
    SluiceConfig c = parse("", Map.of("SLUICE_DATA_DIR", "/srv/sluice"));
    assertThat(c.store()).isEqualTo(new StoreSettings("sqlite:/srv/sluice/sluice.db", Path.of("/srv/sluice")));
  }

  @Test
  void missingFileNamesThePathAndHowToCreateIt(@TempDir Path dir) {
    Path file = dir.resolve("nope.yaml");
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));
    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.file()).isEqualTo(file.toString());
      assertThat(p.message()).isEqualTo("file not found");
      assertThat(p.fix()).contains("create it", "providers:", "without --config");
    });
    assertThat(e.getMessage()).startsWith(file + ": file not found. Fix: create it");
  }

  @Test
  void directoryIsNotAFile(@TempDir Path dir) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(dir, Map.of()));
    assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("directory"));
  }

  @Test
  void byteOrderMarkIsIgnoredAndNonUtf8IsReported(@TempDir Path dir) throws IOException {
    Path bom = Files.writeString(dir.resolve("bom.yaml"), "\uFEFFserver:\n  port: 9000\n");
    assertThat(ConfigLoader.load(bom, Map.of()).server().port()).isEqualTo(9000);

    Path latin1 = Files.write(dir.resolve("latin1.yaml"), new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(latin1, Map.of()));
    assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("UTF-8"));
  }

  @Test
  void yamlSyntaxErrorReportsLineAndColumn(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("bad.yaml"), """
        server:
          host: 127.0.0.1
         port: 8080
        """);
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));
    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.file()).isEqualTo(file.toString());
      assertThat(p.path()).isEqualTo("line 3, column 2");
      assertThat(p.message()).startsWith("YAML syntax error: ").doesNotContain("\n");
      assertThat(p.fix()).contains("indentation");
    });
  }

  @Test
  void syntaxErrorHintsForCommonMistakes() {
    ConfigProblem tab = catchThrowableOfType(ConfigException.class,
        () -> parse("server:\n\thost: x\n")).problems().get(0);
    assertThat(tab.path()).startsWith("line 2");
    assertThat(tab.fix()).contains("spaces");

    ConfigProblem flow = catchThrowableOfType(ConfigException.class,
        () -> parse("providers:\n  - { name: a, api_key: ${KEY} }\n")).problems().get(0);
    assertThat(flow.path()).startsWith("line 2");
    assertThat(flow.fix()).contains("quote ${...}");

    ConfigProblem dup = catchThrowableOfType(ConfigException.class,
        () -> parse("server:\n  port: 1\n  port: 2\n")).problems().get(0);
    assertThat(dup.path()).startsWith("line 3");
    assertThat(dup.message()).contains("duplicate key 'port'");
  }

  // --- presets

  @Test
  void presetFillsProtocolBaseUrlAuthHeaderAndModels() {
    ProviderSettings groq = parse("providers: [{ name: fast, preset: groq }]\n").provider("fast");
    Presets.Preset preset = Presets.find("groq");
    assertThat(groq.protocol()).isEqualTo("openai");
    assertThat(groq.baseUrl()).isEqualTo(preset.baseUrl()).isEqualTo("https://api.groq.com/openai/v1");
    assertThat(groq.authHeader()).isEqualTo("Authorization");
    assertThat(groq.models()).isEqualTo(preset.models()).isNotEmpty();
    assertThat(groq.apiKey()).isNull();
  }

  @Test
  void explicitFieldsWinOverThePreset() {
    ProviderSettings p = parse("""
        providers:
          - name: groq
            preset: groq
            protocol: openai
            base_url: http://proxy.internal:9000/groq/v1/
            auth_header: X-Api-Key
            models: [only-this]
        """).provider("groq");
    assertThat(p.baseUrl()).isEqualTo("http://proxy.internal:9000/groq/v1");
    assertThat(p.authHeader()).isEqualTo("X-Api-Key");
    assertThat(p.models()).containsExactly(new ModelEntry("only-this", null));
  }

  @Test
  void everyPresetIsUsable() {
    assertThat(Presets.all().keySet()).containsExactly("openai", "groq", "together", "mistral", "deepseek",
        "fireworks", "openrouter", "xai", "vllm", "ollama", "lmstudio", "anthropic", "gemini", "cohere");
    Map<String, String> authHeaders = Map.of("anthropic", "x-api-key", "gemini", "x-goog-api-key");
    for (Presets.Preset p : Presets.all().values()) {
      assertThat(BaseUrls.normalize(p.baseUrl())).as(p.name()).isEqualTo(p.baseUrl());
      assertThat(p.authHeader()).isEqualTo(authHeaders.getOrDefault(p.name(), "Authorization"));
      assertThat(p.protocol()).isEqualTo(List.of("anthropic", "gemini", "cohere").contains(p.name()) ? p.name() : "openai");
      if (List.of("vllm", "ollama", "lmstudio").contains(p.name())) {
        assertThat(p.apiKeyEnv()).as(p.name()).isNull();
        assertThat(ServerSection.isLoopback(java.net.URI.create(p.baseUrl()).getHost())).isTrue();
      } else {
        assertThat(p.apiKeyEnv()).as(p.name()).isEqualTo(p.name().toUpperCase() + "_API_KEY");
        assertThat(p.baseUrl()).startsWith("https://");
        assertThat(p.models()).as(p.name()).isNotEmpty();
      }
    }
    assertThat(Presets.find("openai").models()).extracting(ModelEntry::name).containsExactly("gpt-4o",
        "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "o3-mini", "text-embedding-3-small",
        "text-embedding-3-large");
  }

  // --- no file

  @Test
  void defaultsWithoutKeysHaveNoProviders() {
    SluiceConfig c = ConfigLoader.defaults(Map.of());
    assertThat(c.source()).isEqualTo("built-in defaults");
    assertThat(c.providers()).isEmpty();
    assertThat(c.models()).isEmpty();
    assertThat(c.server().host()).isEqualTo("127.0.0.1");
    assertThat(c.server().port()).isEqualTo(8080);
    assertThat(c.store().dataDir()).isEqualTo(Path.of("./data"));
  }

  @Test
  void defaultsWithOpenAiKey() {
    SluiceConfig c = ConfigLoader.defaults(Map.of("OPENAI_API_KEY", "sk-test"));
    assertThat(c.providers()).singleElement().satisfies(p -> {
      assertThat(p.name()).isEqualTo("openai");
      assertThat(p.protocol()).isEqualTo("openai");
      assertThat(p.baseUrl()).isEqualTo("https://api.openai.com/v1");
      assertThat(p.apiKey()).isEqualTo("sk-test");
      assertThat(p.authHeader()).isEqualTo("Authorization");
      assertThat(p.models()).extracting(ModelEntry::name).contains("gpt-4o-mini", "text-embedding-3-small");
      assertThat(p.demo()).isFalse();
    });
  }

  @Test
  void defaultsAddEveryHostedPresetWhoseKeyIsSetInPresetOrder() {
    SluiceConfig c = ConfigLoader.defaults(Map.of(
        "XAI_API_KEY", "x", "GROQ_API_KEY", "g", "TOGETHER_API_KEY", "t", "MISTRAL_API_KEY", "m",
        "DEEPSEEK_API_KEY", "d", "FIREWORKS_API_KEY", "f", "OPENROUTER_API_KEY", "o", "OPENAI_API_KEY", "",
        "ANTHROPIC_API_KEY", "a", "SOME_OTHER_API_KEY", "ignored"));
    assertThat(c.providers()).extracting(ProviderSettings::name)
        .containsExactly("groq", "together", "mistral", "deepseek", "fireworks", "openrouter", "xai", "anthropic");
    assertThat(c.provider("anthropic").protocol()).isEqualTo("anthropic");
    assertThat(c.provider("anthropic").authHeader()).isEqualTo("x-api-key");
    assertThat(c.provider("xai").apiKey()).isEqualTo("x");
    assertThat(c.provider("fireworks").baseUrl()).isEqualTo("https://api.fireworks.ai/inference/v1");
  }

  @Test
  void openAiBaseUrlMovesTheDefaultOpenAiProvider() {
    SluiceConfig c = ConfigLoader.defaults(Map.of("OPENAI_API_KEY", "sk", "OPENAI_BASE_URL", "http://10.0.0.2:4000/v1/"));
    assertThat(c.provider("openai").baseUrl()).isEqualTo("http://10.0.0.2:4000/v1");

    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.defaults(Map.of("OPENAI_API_KEY", "sk", "OPENAI_BASE_URL", "htp://x")));
    assertThat(e.getMessage()).isEqualTo("built-in defaults: OPENAI_BASE_URL: \"htp://x\" is not an http(s) URL."
        + " Fix: use a URL such as https://api.openai.com/v1, or unset OPENAI_BASE_URL");
  }

  @Test
  void defaultsApplyAdminKeyAndDataDir() {
    SluiceConfig c = ConfigLoader.defaults(Map.of("SLUICE_ADMIN_KEY", ADMIN_KEY, "SLUICE_DATA_DIR", "/d"));
    assertThat(c.server().adminKey()).isEqualTo(ADMIN_KEY);
    assertThat(c.server().host()).isEqualTo("0.0.0.0");
    assertThat(c.store()).isEqualTo(new StoreSettings("sqlite:/d/sluice.db", Path.of("/d")));

    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.defaults(Map.of("SLUICE_ADMIN_KEY", "short")));
    assertThat(e.problems()).singleElement().extracting(ConfigProblem::path).isEqualTo("SLUICE_ADMIN_KEY");
  }
}
