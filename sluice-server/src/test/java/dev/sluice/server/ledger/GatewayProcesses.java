package dev.sluice.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.server.cli.SluiceCli;
import dev.sluice.testkit.FakeOpenAiProvider;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Gateways as real child processes (the same classpath, {@code sluice serve}), for tests that signal or kill
 * the process: a config in front of one fake OpenAI provider, a key made by the CLI, start, wait until listening.
 * Every process started here is killed by {@link #close()}.
 */
final class GatewayProcesses implements AutoCloseable {
  private final Path dir;
  private final FakeOpenAiProvider fake;
  private final List<Process> processes = new ArrayList<>();

  GatewayProcesses(Path dir, FakeOpenAiProvider fake) {
    this.dir = dir;
    this.fake = fake;
  }

  /** A config listening on {@code port}, storing in {@code data}, no retries; {@code server} adds server keys. */
  void writeConfig(Path config, Path data, int port, String... serverKeys) throws IOException {
    StringBuilder server = new StringBuilder();
    for (String line : serverKeys) {
      server.append("  ").append(line).append('\n');
    }
    Files.writeString(config, """
        server:
          host: 127.0.0.1
          port: %d
        %sstore:
          url: "sqlite:%s"
        providers:
          - name: fake
            protocol: openai
            base_url: %s
            api_key: %s
        routing:
          retries: 0
        """.formatted(port, server, data.resolve("sluice.db"), fake.baseUrl(), FakeOpenAiProvider.DEFAULT_API_KEY));
  }

  String createKey(Path config, Path data) throws Exception {
    Process p = java(data, "keys", List.of(SluiceCli.class.getName(), "keys", "create", "--name", "load", "--config",
        config.toString()));
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String out = Files.readString(dir.resolve("keys.out"));
    assertThat(p.exitValue()).as(Files.readString(dir.resolve("keys.err"))).isZero();
    return out.lines().filter(l -> l.startsWith("sk-sluice-")).findFirst().orElseThrow();
  }

  Process startGateway(Path config, Path data, String name) throws IOException {
    return java(data, name, List.of(SluiceCli.class.getName(), "serve", "--config", config.toString()));
  }

  /** A JVM on the test classpath running {@code args}; output in {@code <name>.out} and {@code <name>.err}. */
  Process java(Path data, String name, List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path")));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().put("SLUICE_DATA_DIR", data.toString());
    builder.environment().put("SLUICE_LOG_LEVEL", "WARN");
    builder.environment().put("SLUICE_ACCESS_LOG", "WARN");
    Process p = builder.redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(dir.resolve(name + ".err").toFile()).start();
    processes.add(p);
    return p;
  }

  /** The base URL the gateway printed once it listens. */
  String awaitListening(Process p, String name) {
    Path out = dir.resolve(name + ".out");
    String[] url = new String[1];
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
      assertThat(p.isAlive()).as("%s exited: %s", name, Files.readString(dir.resolve(name + ".err"))).isTrue();
      String text = Files.exists(out) ? Files.readString(out) : "";
      int at = text.indexOf("listening on ");
      if (at < 0) {
        return false;
      }
      url[0] = text.substring(at + "listening on ".length()).split("\\s")[0];
      return true;
    });
    return url[0];
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    processes.forEach(Process::destroyForcibly);
  }

  /**
   * A test's teardown: the gateways first (so none is left calling a stopped provider), then their fake; either
   * may be null when the test failed before starting it.
   */
  static void closeBoth(GatewayProcesses gateways, FakeOpenAiProvider fake) {
    if (gateways != null) {
      gateways.close();
    }
    if (fake != null) {
      fake.close();
    }
  }
}
