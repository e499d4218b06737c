package dev.sluice.bench.soak;

import dev.sluice.testkit.FakeAnthropicProvider;
import dev.sluice.testkit.FakeOpenAiProvider;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the soak runs against: three fake providers inside this JVM (so the soak can steer their faults and read
 * their request counts) and the gateway as its own OS process (so its RSS, threads and file descriptors in /proc
 * are its own and nothing of the load generator's). Providers: {@code oai} (OpenAI fake), {@code flaky} (a second
 * OpenAI fake that fails the requests the soak queues failures for), {@code anth} (Anthropic fake); the virtual
 * model {@value #FALLBACK_MODEL} tries {@code flaky} first and falls back to {@code oai}.
 */
final class SoakStack implements AutoCloseable {
  static final String FALLBACK_MODEL = "soak-fallback";
  /**
   * The flaky deployment's model: its 429s announce a 200 ms {@code retry-after-ms} (a fake knob), so a 429 takes
   * the deployment out of the pool briefly and the fallback path keeps being exercised.
   */
  static final String FLAKY_MODEL = "gpt-4o-mini-retry-after-200";
  /**
   * The JVM flags {@code ./sluice serve} runs the gateway with (the launcher exports them as
   * SLUICE_SERVE_JVM_DEFAULTS); the literal copy is for the JUnit run, where no launcher set them: the soak must
   * judge the memory of the gateway as shipped, not of a JVM sized to a quarter of the machine.
   */
  static final String LAUNCHER_JVM_DEFAULTS = "-XX:+UseParallelGC -Xmx192m";
  private static final String MAIN = "dev.sluice.server.cli.SluiceCli";

  final Path dir;
  final Vertx vertx;
  final FakeOpenAiProvider oai;
  final FakeOpenAiProvider flaky;
  final FakeAnthropicProvider anth;
  int port;
  String key;
  long pid = -1;
  List<String> jvmFlags = List.of();
  private Process gateway;

  private SoakStack() throws IOException {
    dir = Files.createTempDirectory("sluice-soak-");
    vertx = Vertx.vertx();
    oai = FakeOpenAiProvider.start(vertx, 0).requireApiKey(null);
    flaky = FakeOpenAiProvider.start(vertx, 0).requireApiKey(null);
    anth = FakeAnthropicProvider.start(vertx, 0).requireApiKey(null);
  }

  static SoakStack start() throws Exception {
    SoakStack s = new SoakStack();
    try {
      s.startGateway();
      return s;
    } catch (Exception | Error e) {
      s.close();
      throw e;
    }
  }

  /** Ports of the fakes: the gateway's upstream connections are the TCP connections to these. */
  List<Integer> upstreamPorts() {
    return List.of(oai.port(), flaky.port(), anth.port());
  }

  Path database() {
    return dir.resolve("sluice.db");
  }

  private void startGateway() throws Exception {
    port = freePort();
    String yaml = """
        server:
          host: 127.0.0.1
          port: %d
        store:
          url: "sqlite:%s"
        providers:
          - name: oai
            protocol: openai
            base_url: http://127.0.0.1:%d/v1
            api_key: sk-soak
          - name: flaky
            protocol: openai
            base_url: http://127.0.0.1:%d/v1
            api_key: sk-soak
          - name: anth
            protocol: anthropic
            base_url: http://127.0.0.1:%d
            auth_header: x-api-key
            api_key: sk-soak
        models:
          - name: %s
            strategy: priority
            deployments:
              - { model: flaky/%s, priority: 0 }
              - { model: oai/gpt-4o-mini, priority: 1 }
        routing:
          retries: 0
          circuit_breaker: { failure_threshold: 5, open_for: 2s, half_open_probes: 1 }
          attempt_timeout: 30s
          ttft_timeout: 30s
        """.formatted(port, database(), oai.port(), flaky.port(), anth.port(), FALLBACK_MODEL, FLAKY_MODEL);
    Path config = dir.resolve("sluice.yaml");
    Files.writeString(config, yaml);

    ProcessBuilder keys = java(List.of(), "keys", "create", "--name", "soak", "--config", config.toString())
        .redirectError(dir.resolve("keys.err").toFile());
    Process kp = keys.start();
    String out = new String(kp.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!kp.waitFor(60, TimeUnit.SECONDS) || kp.exitValue() != 0) {
      kp.destroyForcibly();
      throw new IllegalStateException("keys create failed: " + Files.readString(dir.resolve("keys.err")));
    }
    key = out.lines().map(String::trim).filter(l -> !l.isEmpty()).reduce((a, b) -> b).orElseThrow();

    String env = System.getenv("SLUICE_SERVE_JVM_DEFAULTS");
    jvmFlags = List.of((env == null || env.isBlank() ? LAUNCHER_JVM_DEFAULTS : env).trim().split("\\s+"));
    gateway = java(jvmFlags, "serve", "--config", config.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("gateway.out").toFile()).start();
    pid = gateway.pid();
    awaitServing();
  }

  private ProcessBuilder java(List<String> flags, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.addAll(flags);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("SLUICE_DATA_DIR", dir.toString());
    return pb;
  }

  /** Polls with a real chat completion until one answers 200 (bounded: 60 s). */
  private void awaitServing() throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
        .header("authorization", "Bearer " + key).header("content-type", "application/json")
        .timeout(Duration.ofSeconds(5))
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"model\":\"oai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
        .build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String last = "";
    while (System.nanoTime() < deadline) {
      if (!gateway.isAlive()) {
        throw new IllegalStateException("gateway exited: " + Files.readString(dir.resolve("gateway.out")));
      }
      try {
        HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
        last = r.statusCode() + " " + r.body();
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("gateway served no 200 within 60 s: " + last);
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (gateway != null) {
      gateway.destroy();
      try {
        if (!gateway.waitFor(10, TimeUnit.SECONDS)) {
          gateway.destroyForcibly();
          gateway.waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        gateway.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    oai.close();
    flaky.close();
    anth.close();
    vertx.close().await();
    // The gateway's database, journal and logs: after it stopped, so nothing writes there any more.
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort: a temp dir
    }
  }
}
