package dev.sluice.server.config;

import static dev.sluice.server.config.ConfigTestSupport.ADMIN_KEY;
import static dev.sluice.server.config.ConfigTestSupport.onlyProblem;
import static dev.sluice.server.config.ConfigTestSupport.parse;
import static dev.sluice.server.config.ConfigTestSupport.problemAt;
import static dev.sluice.server.config.ConfigTestSupport.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per rule: each problem names its path and carries a fix. */
class ConfigValidationTest {

  // --- keys and types

  @Test
  void unknownKeyListsAllowedKeysAndSuggestsTheClosest() {
    ConfigProblem p = onlyProblem("""
        providers:
          - name: openai
            preset: openai
            protcol: openai
        """, "providers[0].protcol", "unknown key \"protcol\" (did you mean \"protocol\"?)");
    assertThat(p.fix()).isEqualTo("allowed keys here: name, protocol, preset, base_url, api_key, auth_header,"
        + " headers, models, options");
  }

  @Test
  void unknownKeyWithNothingCloseHasNoSuggestion() {
    ConfigProblem p = onlyProblem("telemetry: true\n", "telemetry", "unknown key \"telemetry\"");
    assertThat(p.message()).doesNotContain("did you mean");
    assertThat(p.fix()).contains("server, store, providers, models, routing");
  }

  @Test
  void unknownKeysAreFoundInEverySection() {
    List<ConfigProblem> all = problems("""
        server: { prot: 1 }
        store: { uri: x }
        routing: { timeout: 1s }
        providers:
          - name: a
            base_url: http://127.0.0.1:1/v1
            models: [{ name: m, context: 1 }]
        models:
          - name: smart
            deployments: [{ model: a/m, wieght: 2 }]
        """);
    assertThat(all).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
        "server.prot", "store.uri", "routing.timeout", "providers[0].models[0].context",
        "models[0].deployments[0].wieght");
    problemAt(all, "models[0].deployments[0].wieght", "did you mean \"weight\"");
    problemAt(all, "store.uri", "did you mean \"url\"");
  }

  @Test
  void plannedKeysSayNotSupportedYet() {
    ConfigProblem p = onlyProblem("store: { redis: \"redis://127.0.0.1:6379\" }\n", "store.redis",
        "\"redis\" is not supported yet");
    assertThat(p.fix()).contains("in this process");
  }

  @Test
  void wrongTypesSayWhatWasExpected() {
    List<ConfigProblem> all = problems("""
        server: [1, 2]
        providers: { name: openai }
        routing: fast
        """);
    problemAt(all, "server", "expected a mapping");
    problemAt(all, "providers", "expected a list, got a mapping");
    problemAt(all, "routing", "expected a mapping (key: value lines), got the text \"fast\"");
  }

  @Test
  void scalarWhereAValueIsExpected() {
    List<ConfigProblem> all = problems("""
        server: { port: [8080] }
        providers:
          - name: { x: 1 }
            base_url: http://127.0.0.1:1/v1
        """);
    problemAt(all, "server.port", "expected a single value, got a list");
    problemAt(all, "providers[0].name", "expected a single value, got a mapping");
  }

  @Test
  void topLevelMustBeAMapping() {
    ConfigProblem p = onlyProblem("- openai\n", "", "expected a mapping with keys server, store");
    assertThat(p.render()).startsWith("sluice.yaml: expected a mapping");
  }

  // --- server

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "localhost", "'::1'", "'[::1]'", "'::ffff:127.0.0.1'"})
  void loopbackHostsNeedNoAdminKey(String host) {
    SluiceConfig c = parse("server: { host: " + host + " }\n");
    assertThat(c.server().host()).isIn("127.0.0.1", "127.1.2.3", "localhost", "::1", "::ffff:127.0.0.1");
    assertThat(c.server().adminKey()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "192.168.1.10", "'::'", "gateway.internal"})
  void nonLoopbackHostWithoutAdminKeyIsRefused(String host) {
    ConfigProblem p = onlyProblem("server: { host: " + host + " }\n", "server.host", "exposes the gateway");
    assertThat(p.message()).startsWith("binding ");
    assertThat(p.fix()).isEqualTo("set server.admin_key or SLUICE_ADMIN_KEY, or bind 127.0.0.1");
  }

  @Test
  void nonLoopbackHostWithAdminKeyIsAccepted() {
    SluiceConfig fromFile = parse("server: { host: 0.0.0.0, admin_key: " + ADMIN_KEY + " }\n");
    assertThat(fromFile.server().host()).isEqualTo("0.0.0.0");
    assertThat(fromFile.server().adminKey()).isEqualTo(ADMIN_KEY);

    SluiceConfig fromEnv = parse("server: { host: 10.0.0.5 }\n", Map.of("SLUICE_ADMIN_KEY", ADMIN_KEY));
    assertThat(fromEnv.server().host()).isEqualTo("10.0.0.5");
    assertThat(fromEnv.server().adminKey()).isEqualTo(ADMIN_KEY);
  }

  @Test
  void hostDefaultsToAllInterfacesOnlyWithAnAdminKey() {
    assertThat(parse("").server().host()).isEqualTo("127.0.0.1");
    assertThat(parse("server: { admin_key: " + ADMIN_KEY + " }\n").server().host()).isEqualTo("0.0.0.0");
    assertThat(parse("", Map.of("SLUICE_ADMIN_KEY", ADMIN_KEY)).server().host()).isEqualTo("0.0.0.0");
  }

  @Test
  void fileAdminKeyWinsOverEnvironment() {
    String other = "z".repeat(40);
    SluiceConfig c = parse("server: { admin_key: " + ADMIN_KEY + " }\n", Map.of("SLUICE_ADMIN_KEY", other));
    assertThat(c.server().adminKey()).isEqualTo(ADMIN_KEY);
  }

  @Test
  void malformedHostIsReported() {
    onlyProblem("server: { host: 'my host' }\n", "server.host", "is not an IP address or host name");
    onlyProblem("server: { host: 300.1.1.1 }\n", "server.host", "is not an IP address or host name");
  }

  @Test
  void shortAdminKeyIsReportedWhereItCameFrom() {
    ConfigProblem p = onlyProblem("server: { admin_key: short }\n", "server.admin_key", "5 characters long");
    assertThat(p.message()).contains("at least 32");
    assertThat(p.fix()).contains("openssl rand");

    List<ConfigProblem> env = problems("", Map.of("SLUICE_ADMIN_KEY", "short"));
    assertThat(env).singleElement().satisfies(q -> {
      assertThat(q.path()).isEqualTo("SLUICE_ADMIN_KEY");
      assertThat(q.message()).contains("at least 32");
    });
  }

  @Test
  void portRange() {
    onlyProblem("server: { port: 70000 }\n", "server.port", "between 0 and 65535, got 70000");
    onlyProblem("server: { port: -1 }\n", "server.port", "between 0 and 65535, got -1");
    onlyProblem("server: { port: http }\n", "server.port", "expected a whole number, got \"http\"");
    onlyProblem("server: { port: 80.5 }\n", "server.port", "expected a whole number");
    assertThat(parse("server: { port: 0 }\n").server().port()).isZero();
  }

  @Test
  void maxBodySizes() {
    assertThat(parse("server: { max_body: 512KiB }\n").server().maxBodyBytes()).isEqualTo(512 * 1024);
    assertThat(parse("server: { max_body: 1MB }\n").server().maxBodyBytes()).isEqualTo(1_000_000);
    assertThat(parse("server: { max_body: 1048576 }\n").server().maxBodyBytes()).isEqualTo(1_048_576);
    ConfigProblem p = onlyProblem("server: { max_body: 8MiBs }\n", "server.max_body", "unknown size unit \"MiBs\"");
    assertThat(p.fix()).contains("KiB", "MiB");
    onlyProblem("server: { max_body: 0 }\n", "server.max_body", "at least 1 byte");
    onlyProblem("server: { max_body: 3GiB }\n", "server.max_body", "too large");
  }

  @Test
  void durationsNeedAUnitAndAPositiveValue() {
    SluiceConfig c = parse("server: { sse_keepalive: 2m }\nrouting: { connect_timeout: 500ms, ttft_timeout: 1h }\n");
    assertThat(c.server().sseKeepAlive()).hasMinutes(2);
    assertThat(c.routing().connectTimeout()).hasMillis(500);
    assertThat(c.routing().ttftTimeout()).hasHours(1);
    onlyProblem("server: { sse_keepalive: 15 }\n", "server.sse_keepalive", "has no unit");
    onlyProblem("routing: { attempt_timeout: 2d }\n", "routing.attempt_timeout", "unknown duration unit \"d\"");
    onlyProblem("routing: { connect_timeout: 0s }\n", "routing.connect_timeout", "longer than 0");
  }

  // --- store

  @Test
  void storeUrl() {
    assertThat(parse("store: { url: 'sqlite:/tmp/x.db' }\n").store().url()).isEqualTo("sqlite:/tmp/x.db");
    onlyProblem("store: { url: 'postgresql://db/sluice' }\n", "store.url", "PostgreSQL is not supported yet");
    onlyProblem("store: { url: 'mysql://db' }\n", "store.url", "is not a supported store URL");
    onlyProblem("store: { url: 'sqlite:' }\n", "store.url", "names no database file");
  }

  // --- providers

  @Test
  void providerNameIsRequiredWellFormedAndUnique() {
    List<ConfigProblem> all = problems("""
        providers:
          - base_url: http://127.0.0.1:1/v1
          - { name: Open_AI, base_url: "http://127.0.0.1:1/v1" }
          - { name: a/b, base_url: "http://127.0.0.1:1/v1" }
          - { name: dup, base_url: "http://127.0.0.1:1/v1" }
          - { name: dup, base_url: "http://127.0.0.1:2/v1" }
        """);
    assertThat(all).hasSize(4);
    problemAt(all, "providers[0].name", "is required");
    problemAt(all, "providers[1].name", "\"Open_AI\" is not a valid provider name");
    problemAt(all, "providers[2].name", "\"a/b\" is not a valid provider name");
    problemAt(all, "providers[4].name", "duplicate provider name \"dup\" (first used at providers[3].name)");
  }

  @Test
  void protocols() {
    for (String p : List.of("openai", "azure", "anthropic", "gemini", "cohere")) {
      assertThat(parse("providers: [{ name: x, protocol: " + p + ", base_url: 'http://h/v1' }]\n")
          .provider("x").protocol()).isEqualTo(p);
    }
    onlyProblem("providers: [{ name: x, protocol: opneai, base_url: 'http://h/v1' }]\n",
        "providers[0].protocol", "unknown protocol \"opneai\" (did you mean \"openai\"?)");
    assertThat(parse("providers: [{ name: x, protocol: OpenAI, base_url: 'http://h/v1' }]\n")
        .provider("x").protocol()).isEqualTo("openai");
  }

  @Test
  void protocolOptionsAreCheckedPerProtocol() {
    ConfigProblem region = onlyProblem("providers: [{ name: aws, protocol: bedrock, base_url: 'https://b.example' }]\n",
        "providers[0].options", "a bedrock provider needs its AWS region");
    assertThat(region.fix()).contains("region: us-east-1");
    ConfigProblem unknown = onlyProblem("""
        providers:
          - { name: az, protocol: azure, base_url: "https://r.openai.azure.com", options: { api_verison: x } }
        """, "providers[0].options.api_verison", "unknown option \"api_verison\" for protocol azure"
        + " (did you mean \"api_version\"?)");
    assertThat(unknown.fix()).isEqualTo("use one of: api_version, max_tokens_field");
    ProviderSettings bedrock = parse("""
        providers:
          - { name: aws, protocol: bedrock, base_url: "https://b.example", api_key: AKID,
              options: { region: eu-west-1, secret_access_key: s3cr3t } }
        """).provider("aws");
    assertThat(bedrock.options()).containsEntry("region", "eu-west-1").containsEntry("secret_access_key", "s3cr3t");
    assertThat(bedrock.toString()).doesNotContain("s3cr3t").doesNotContain("AKID");
  }

  @Test
  void eachProtocolSendsTheKeyInItsOwnHeaderByDefault() {
    assertThat(parse("providers: [{ name: az, protocol: azure, base_url: 'https://r.openai.azure.com' }]\n")
        .provider("az").authHeader()).isEqualTo("api-key");
    assertThat(parse("providers: [{ name: a, protocol: anthropic, base_url: 'https://api.anthropic.com' }]\n")
        .provider("a").authHeader()).isEqualTo("x-api-key");
    assertThat(parse("providers: [{ name: g, protocol: gemini, base_url: 'https://g.example' }]\n")
        .provider("g").authHeader()).isEqualTo("x-goog-api-key");
    assertThat(parse("providers: [{ name: c, protocol: cohere, base_url: 'https://api.cohere.com' }]\n")
        .provider("c").authHeader()).isEqualTo("Authorization");
  }

  @Test
  void optionValuesAreChecked() {
    onlyProblem("providers: [{ name: az, protocol: azure, base_url: 'https://r.openai.azure.com',"
        + " options: { api_version: latest } }]\n", "providers[0].options.api_version",
        "\"latest\" is not an Azure OpenAI api-version");
    onlyProblem("providers: [{ name: o, protocol: openai, base_url: 'https://h/v1',"
        + " options: { max_tokens_field: max } }]\n", "providers[0].options.max_tokens_field",
        "\"max\" is not a max-tokens field");
  }

  @Test
  void providerPresetsCarryTheirProtocol() {
    ProviderSettings claude = parse("providers: [{ name: claude, preset: anthropic, api_key: k }]\n").provider("claude");
    assertThat(claude.protocol()).isEqualTo("anthropic");
    assertThat(claude.baseUrl()).isEqualTo("https://api.anthropic.com");
    assertThat(claude.authHeader()).isEqualTo("x-api-key");
    assertThat(parse("providers: [{ name: g, preset: gemini, api_key: k }]\n").provider("g").protocol())
        .isEqualTo("gemini");
  }

  @Test
  void baseUrlIsRequiredWithoutAPreset() {
    ConfigProblem p = onlyProblem("providers: [{ name: x }]\n", "providers[0].base_url", "is required");
    assertThat(p.fix()).contains("https://api.openai.com/v1", "groq");
  }

  @Test
  void baseUrlMustBeAbsoluteHttpWithoutQuery() {
    List<ConfigProblem> all = problems("""
        providers:
          - { name: a, base_url: "https://h/v1" }
          - { name: b, base_url: "https://h/v1" }
          - { name: c, base_url: "htp://x" }
          - { name: d, base_url: "/v1" }
          - { name: e, base_url: "https://h/v1?key=1" }
          - { name: f, base_url: "https://h/v1#x" }
          - { name: g, base_url: "https://h /v1" }
        """);
    assertThat(all).hasSize(5);
    ConfigProblem scheme = problemAt(all, "providers[2].base_url", "\"htp://x\" is not an http(s) URL");
    assertThat(scheme.render()).isEqualTo(
        "sluice.yaml: providers[2].base_url: \"htp://x\" is not an http(s) URL. Fix: use a URL such as"
            + " https://api.openai.com/v1");
    problemAt(all, "providers[3].base_url", "is not an http(s) URL");
    problemAt(all, "providers[4].base_url", "must not have a query");
    problemAt(all, "providers[5].base_url", "must not have a query (?...) or fragment");
    problemAt(all, "providers[6].base_url", "is not a valid URL");
  }

  @Test
  void trailingSlashIsRemoved() {
    assertThat(parse("providers: [{ name: a, base_url: 'http://h:8000/v1//' }]\n").provider("a").baseUrl())
        .isEqualTo("http://h:8000/v1");
  }

  @Test
  void headersMustNotSetReservedOnes() {
    List<ConfigProblem> all = problems("""
        providers:
          - name: a
            base_url: http://127.0.0.1:1/v1
            auth_header: api-key
            headers:
              authorization: Bearer x
              Host: example.com
              Content-Length: "5"
              API-Key: dup-of-auth
              "Bad Header": x
              X-Empty: ""
              X-Ok: fine
        """);
    assertThat(all).hasSize(6);
    problemAt(all, "providers[0].headers.authorization", "must not set authorization");
    problemAt(all, "providers[0].headers.Host", "must not set Host");
    problemAt(all, "providers[0].headers.Content-Length", "must not set Content-Length");
    problemAt(all, "providers[0].headers.API-Key", "already the auth_header");
    problemAt(all, "providers[0].headers.Bad Header", "not a valid header name");
    problemAt(all, "providers[0].headers.X-Empty", "must not be empty");
  }

  @Test
  void authHeaderMustBeAHeaderName() {
    onlyProblem("providers: [{ name: a, base_url: 'http://h/v1', auth_header: 'x y' }]\n",
        "providers[0].auth_header", "not a valid header name");
    onlyProblem("providers: [{ name: a, base_url: 'http://h/v1', auth_header: Host }]\n",
        "providers[0].auth_header", "cannot be sent in Host");
  }

  @Test
  void providerModels() {
    SluiceConfig c = parse("""
        providers:
          - name: a
            base_url: http://127.0.0.1:1/v1
            models: [m1, { name: m2, context_length: 32000 }, 7]
        """);
    assertThat(c.provider("a").models()).containsExactly(
        new ModelEntry("m1", null), new ModelEntry("m2", 32000), new ModelEntry("7", null));

    List<ConfigProblem> all = problems("""
        providers:
          - name: a
            base_url: http://127.0.0.1:1/v1
            models: [m1, m1, { context_length: 5 }, { name: m3, context_length: lots }]
        """);
    assertThat(all).hasSize(3);
    problemAt(all, "providers[0].models[1]", "listed twice");
    problemAt(all, "providers[0].models[2].name", "is required");
    problemAt(all, "providers[0].models[3].context_length", "expected a whole number");
    onlyProblem("providers: [{ name: a, base_url: 'http://h/v1', models: gpt-4o }]\n",
        "providers[0].models", "expected a list");
  }

  @Test
  void unknownPresetSuggestsAKnownOne() {
    ConfigProblem p = onlyProblem("providers: [{ name: g, preset: grok }]\n", "providers[0].preset",
        "unknown preset \"grok\" (did you mean \"groq\"?)");
    assertThat(p.fix()).contains("openai", "groq", "ollama");
  }

  // --- models (aliases)

  @Test
  void aliasRules() {
    List<ConfigProblem> all = problems("""
        providers:
          - { name: openai, preset: openai }
          - { name: groq, preset: groq }
        models:
          - name: smart
            deployments:
              - { model: openai/gpt-4o, weight: 3 }
              - { model: opnai/gpt-4o }
              - { model: gpt-4o }
              - { model: openai/ }
              - { model: openai/gpt-4o, weight: 0 }
          - name: smart
            deployments: [groq/llama-3.3-70b-versatile]
          - name: openai
            deployments: [openai/gpt-4o]
          - name: a/b
            deployments: [openai/gpt-4o]
          - name: empty
            deployments: []
          - name: none
          - deployments: [openai/gpt-4o]
        """);
    problemAt(all, "models[0].deployments[1].model",
        "\"opnai/gpt-4o\" names provider \"opnai\", which is not configured (did you mean \"openai\"?)");
    problemAt(all, "models[0].deployments[2].model", "\"gpt-4o\" is not of the form provider/model");
    problemAt(all, "models[0].deployments[3].model", "is not of the form provider/model");
    problemAt(all, "models[0].deployments[4].weight", "must be between 1 and");
    problemAt(all, "models[1].name", "duplicate model name \"smart\" (first used at models[0].name)");
    problemAt(all, "models[2].name", "\"openai\" is also a provider name");
    problemAt(all, "models[3].name", "must not contain '/'");
    problemAt(all, "models[4].deployments", "at least one deployment");
    problemAt(all, "models[5].deployments", "is required");
    problemAt(all, "models[6].name", "is required");
    assertThat(all).hasSize(10);
  }

  @Test
  void deploymentToAProviderWithOtherProblemsIsNotAlsoReported() {
    List<ConfigProblem> all = problems("""
        providers:
          - { name: openai, base_url: "htp://x" }
        models:
          - { name: smart, deployments: [openai/gpt-4o] }
        """);
    assertThat(all).extracting(ConfigProblem::path).containsExactly("providers[0].base_url");
  }

  @Test
  void everyProblemIsCollectedNotJustTheFirst() {
    List<ConfigProblem> all = problems("""
        server:
          hots: 127.0.0.1
          port: 99999
          max_body: 8XB
        providers:
          - name: openai
            base_url: htp://x
        models:
          - name: smart
            deployments: [{ model: nowhere/x }]
        routing:
          ttft_timeout: soon
        """);
    assertThat(all).extracting(ConfigProblem::path).containsExactly(
        "server.hots", "server.port", "server.max_body", "providers[0].base_url",
        "models[0].deployments[0].model", "routing.ttft_timeout");
    ConfigException e = new ConfigException(all);
    assertThat(e.getMessage().lines()).hasSize(6).allSatisfy(line -> {
      assertThat(line).startsWith("sluice.yaml: ");
      assertThat(line).contains(". Fix: ");
    });
  }
}
