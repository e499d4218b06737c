package dev.sluice.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.Gateway;
import dev.sluice.server.config.ConfigLoader;
import dev.sluice.server.config.ServerSettings;
import dev.sluice.server.config.SluiceConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import dev.sluice.server.cli.CliProcess.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a user runs it: a separate JVM per command, configuration from a file and the
 * environment, and the key it prints accepted by a gateway on the same store.
 */
class CliTest {
  @TempDir Path dir;


  private Run sluice(Map<String, String> env, String... args) throws Exception {
    return CliProcess.sluice(dir, env, args);
  }


  @Test
  void keysCreatedOnTheCommandLineAuthenticateAtTheGateway() throws Exception {
    Map<String, String> env = Map.of("SLUICE_DATA_DIR", dir.resolve("data").toString());
    Run created = sluice(env, "keys", "create", "--name", "ci");
    assertThat(created.exit()).as(created.err()).isZero();
    String key = created.out().trim();
    assertThat(key).startsWith("sk-sluice-");
    assertThat(created.err()).contains("shown only once");

    Run listed = sluice(env, "keys", "list");
    assertThat(listed.exit()).isZero();
    assertThat(listed.out()).contains("ci").contains("active").doesNotContain(key);

    SluiceConfig defaults = ConfigLoader.defaults(env);
    ServerSettings s = defaults.server();
    SluiceConfig onFreePort = new SluiceConfig(defaults.source(),
        new ServerSettings(s.host(), 0, s.maxBodyBytes(), s.adminKey(), s.sseKeepAlive()),
        defaults.store(), defaults.providers(), defaults.models(), defaults.routing());
    try (Gateway gateway = Gateway.start(onFreePort, env)) {
      var response = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(gateway.baseUrl() + "/v1/models"))
              .header("authorization", "Bearer " + key).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("demo/gpt-4o-mini");
    }

    String id = listed.out().lines().filter(l -> l.contains(" ci ")).findFirst().orElseThrow().split("\\s+")[0];
    Run revoked = sluice(env, "keys", "revoke", id);
    assertThat(revoked.exit()).as(revoked.err()).isZero();
    assertThat(sluice(env, "keys", "list").out()).contains("revoked");
  }

  @Test
  void configCheckNamesTheFileThePathAndTheFix() throws Exception {
    Path bad = dir.resolve("sluice.yaml");
    Files.writeString(bad, """
        providers:
          - name: openai
            protocol: openai
            base_url: https://api.openai.com/v1
          - name: local
            protocol: openai
            base_urll: http://127.0.0.1:8000/v1
        """);
    Run check = sluice(Map.of(), "config", "check", bad.toString());
    assertThat(check.exit()).isEqualTo(2);
    assertThat(check.err()).contains("sluice.yaml").contains("providers[1].base_urll").contains("base_url");

    Path good = dir.resolve("good.yaml");
    Files.writeString(good, """
        providers:
          - name: openai
            protocol: openai
            base_url: https://api.openai.com/v1
            api_key: ${OPENAI_API_KEY:-none}
        """);
    Run ok = sluice(Map.of(), "config", "check", good.toString());
    assertThat(ok.exit()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("ok");
  }
}
