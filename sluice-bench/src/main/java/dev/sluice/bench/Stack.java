package dev.sluice.bench;

import dev.sluice.server.Gateway;
import dev.sluice.server.config.ModelEntry;
import dev.sluice.server.config.ProviderSettings;
import dev.sluice.server.config.RoutingSettings;
import dev.sluice.server.config.ServerSettings;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.config.StoreSettings;
import dev.sluice.testkit.FakeAnthropicProvider;
import dev.sluice.testkit.FakeOpenAiProvider;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The things under test: the fake upstream, optionally an nginx hop to it, and the gateway. The gateway has two
 * providers: {@code fake} (OpenAI protocol, the passthrough path to the fake OpenAI upstream) and {@code anth}
 * (Anthropic protocol, a fake Anthropic upstream in the same process as the OpenAI one), so the same OpenAI client
 * call can also take the translation path. Process mode runs the fakes, nginx and the gateway each as its own OS
 * process (so the gateway's CPU, RSS and GC log are its own); in-process mode (for the smoke test, which runs before
 * any jar exists) runs the fakes and the gateway inside this JVM and has no per-process figures. Every started
 * process is killed by its own handle on {@link #close()} and by a shutdown hook.
 */
final class Stack implements AutoCloseable {
  static final Path NGINX = Path.of("/usr/sbin/nginx");
  static final String GATEWAY = "through the gateway";
  static final String TRANSLATED = "through the gateway, translated to Anthropic";
  /** The gateway's name for the Anthropic fake: callers ask for {@code anth/<model>}. */
  static final String TRANSLATED_PROVIDER = "anth";

  final Path dir;
  Target direct;
  Target nginx;
  Target gateway;
  /**
   * The gateway again, but with model names routed to the Anthropic fake, so each call is translated OpenAI ->
   * Anthropic Messages -> OpenAI. Not in {@link #targets()}: only scenario (f) uses it.
   */
  Target translated;
  long fakePid = -1;
  /** Port of the fake Anthropic upstream (in the fake's process, or in this JVM in in-process mode). */
  int anthropicPort = -1;
  Path gcLog;
  /** Process start to the first 200 through the gateway; or Gateway.start in a warm JVM for in-process. */
  long startupMs = -1;
  String startupNote = "";
  String nginxNote = "";

  private final List<Process> processes = new ArrayList<>();
  private final Thread hook = new Thread(this::killAll, "sluice-bench-cleanup");
  private Vertx vertx;
  private FakeOpenAiProvider fake;
  private FakeAnthropicProvider anthropicFake;
  private Gateway inProcessGateway;

  private Stack() throws IOException {
    dir = Files.createTempDirectory("sluice-bench-");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Fake, nginx (when installed and wanted) and gateway as separate processes. */
  static Stack processes(Path serverJar, List<String> models, boolean wantNginx, List<String> gatewayJvmOpts)
      throws Exception {
    if (!Files.isRegularFile(serverJar)) {
      throw new IllegalStateException("no gateway jar at " + serverJar.toAbsolutePath()
          + " (build with ./mvnw -DskipTests install, or run via ./sluice bench)");
    }
    Stack s = new Stack();
    try {
      s.startFakeProcess();
      if (wantNginx && Files.isExecutable(NGINX)) {
        s.startNginx();
      } else {
        s.nginxNote = wantNginx ? "n/a (no " + NGINX + "; run scripts/bench-setup)" : "n/a (--no-nginx)";
      }
      s.startGatewayProcess(serverJar, models, gatewayJvmOpts);
      return s;
    } catch (Exception | Error e) {
      s.close();
      throw e;
    }
  }

  /** Fake and gateway inside this JVM (no nginx, no per-process CPU/RSS/GC). */
  static Stack inProcess(List<String> models) throws Exception {
    Stack s = new Stack();
    try {
      s.vertx = Vertx.vertx();
      s.fake = FakeOpenAiProvider.start(s.vertx, 0).requireApiKey(null);
      s.anthropicFake = FakeAnthropicProvider.start(s.vertx, 0).requireApiKey(null);
      s.anthropicPort = s.anthropicFake.port();
      s.direct = new Target("direct to the fake", "127.0.0.1", s.fake.port(), "none", "", -1);
      List<ModelEntry> entries = models.stream().map(m -> new ModelEntry(m, null)).toList();
      SluiceConfig config = new SluiceConfig("bench",
          new ServerSettings("127.0.0.1", 0, 8 << 20, null, Duration.ofSeconds(15)),
          new StoreSettings("sqlite:" + s.dir.resolve("sluice.db"), s.dir),
          List.of(new ProviderSettings("fake", "openai", s.fake.baseUrl(), "sk-bench", "Authorization", Map.of(),
                  entries, false),
              new ProviderSettings(TRANSLATED_PROVIDER, "anthropic", s.anthropicFake.baseUrl(), "sk-bench",
                  "x-api-key", Map.of(), entries, false)),
          List.of(), new RoutingSettings(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(60)));
      long t0 = System.nanoTime();
      s.inProcessGateway = Gateway.start(config, Map.of());
      s.startupMs = (System.nanoTime() - t0) / 1_000_000;
      s.startupNote = "in-process Gateway.start in a warm JVM";
      String key = s.inProcessGateway.keys().create("bench", null).plaintext();
      s.gateway = new Target(GATEWAY, "127.0.0.1", s.inProcessGateway.port(), key, "fake/", -1);
      s.translated = s.gateway.withModelPrefix(TRANSLATED, TRANSLATED_PROVIDER + "/");
      s.nginxNote = "n/a (in-process mode)";
      return s;
    } catch (Exception | Error e) {
      s.close();
      throw e;
    }
  }

  boolean inProcess() {
    return inProcessGateway != null;
  }

  /** The Anthropic fake in in-process mode (for tests to see that translated calls reached it); else null. */
  FakeAnthropicProvider inProcessAnthropicFake() {
    return anthropicFake;
  }

  List<Target> targets() {
    List<Target> t = new ArrayList<>();
    t.add(direct);
    if (nginx != null) {
      t.add(nginx);
    }
    t.add(gateway);
    return t;
  }

  private void startFakeProcess() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(java(), "-Xmx1g", "-cp", System.getProperty("java.class.path"),
        FakeUpstreamMain.class.getName(), "0")
        .redirectError(dir.resolve("fake.err").toFile());
    Process p = track(pb.start());
    fakePid = p.pid();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    int port = readPort(out, "port ");
    anthropicPort = readPort(out, "anthropic-port ");
    Thread drain = new Thread(() -> {
      try {
        out.transferTo(java.io.Writer.nullWriter());
      } catch (IOException ignored) {
        // process ended
      }
    }, "fake-stdout");
    drain.setDaemon(true);
    drain.start();
    direct = new Target("direct to the fake", "127.0.0.1", port, "none", "", p.pid());
  }

  /** The next line of the fake's stdout, which must be {@code <prefix><port>}. */
  private int readPort(BufferedReader out, String prefix) throws IOException {
    String line = out.readLine();
    if (line == null || !line.startsWith(prefix)) {
      throw new IllegalStateException("fake upstream did not start: " + line + "; see " + dir.resolve("fake.err"));
    }
    return Integer.parseInt(line.substring(prefix.length()).trim());
  }

  private void startNginx() throws Exception {
    int port = freePort();
    String conf = """
        daemon off;
        worker_processes 1;
        error_log %1$s/e.log;
        pid %1$s/nginx.pid;
        events {}
        http {
          access_log off;
          client_body_temp_path %1$s/tmp;
          upstream u { server 127.0.0.1:%2$d; keepalive 64; }
          server {
            listen 127.0.0.1:%3$d;
            location / {
              proxy_pass http://u;
              proxy_http_version 1.1;
              proxy_set_header Connection "";
              proxy_buffering off;
            }
          }
        }
        """.formatted(dir, direct.port(), port);
    Path file = dir.resolve("nginx.conf");
    Files.writeString(file, conf);
    Process p = track(new ProcessBuilder(NGINX.toString(), "-c", file.toString(), "-p", dir.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start());
    waitForPort(port, p, "nginx", dir.resolve("nginx.out"));
    nginx = new Target("through nginx", "127.0.0.1", port, "none", "", p.pid());
  }

  private void startGatewayProcess(Path jar, List<String> models, List<String> jvmOpts) throws Exception {
    int port = freePort();
    String modelList = models.stream().map(m -> "      - " + m).collect(Collectors.joining("\n"));
    String yaml = """
        server:
          host: 127.0.0.1
          port: %d
        store:
          url: "sqlite:%s/sluice.db"
        providers:
          - name: fake
            protocol: openai
            base_url: http://127.0.0.1:%d/v1
            api_key: sk-bench
            models:
        %s
          - name: %s
            protocol: anthropic
            base_url: http://127.0.0.1:%d
            auth_header: x-api-key
            api_key: sk-bench
            models:
        %s
        routing:
          attempt_timeout: 1m
          ttft_timeout: 1m
        """.formatted(port, dir, direct.port(), modelList, TRANSLATED_PROVIDER, anthropicPort, modelList);
    Path config = dir.resolve("sluice.yaml");
    Files.writeString(config, yaml);

    ProcessBuilder keys = new ProcessBuilder(java(), "-jar", jar.toString(), "keys", "create", "--name", "bench",
        "--config", config.toString()).redirectError(dir.resolve("keys.err").toFile());
    keys.environment().put("SLUICE_DATA_DIR", dir.toString());
    Process kp = track(keys.start());
    String keyOut = new String(kp.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!kp.waitFor(60, TimeUnit.SECONDS) || kp.exitValue() != 0) {
      throw new IllegalStateException("keys create failed: " + Files.readString(dir.resolve("keys.err")));
    }
    String key = keyOut.lines().map(String::trim).filter(l -> !l.isEmpty()).reduce((a, b) -> b).orElseThrow();

    // As ./sluice serve runs it: with a class-data-sharing archive, which its first start writes. A priming
    // start (served once, then stopped) writes it, so the measured start is a user's second and later start.
    List<String> cds = List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + dir.resolve("sluice.jsa"),
        "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    Process priming = track(gatewayCommand(jar, config, cds, jvmOpts, dir.resolve("priming.gc.log"), "priming.out")
        .start());
    firstServed(priming, "priming.out", port, key, models.get(0), System.nanoTime());
    priming.destroy(); // SIGTERM: the JVM writes the archive as it exits
    if (!priming.waitFor(30, TimeUnit.SECONDS)) {
      priming.destroyForcibly();
    }
    gcLog = dir.resolve("gc.log");
    ProcessBuilder serve = gatewayCommand(jar, config, cds, jvmOpts, gcLog, "gateway.out");
    long t0 = System.nanoTime();
    Process gp = track(serve.start());
    gateway = new Target(GATEWAY, "127.0.0.1", port, key, "fake/", gp.pid());
    translated = gateway.withModelPrefix(TRANSLATED, TRANSLATED_PROVIDER + "/");
    startupMs = firstServed(gp, "gateway.out", port, key, models.get(0), t0);
    String log = Files.readString(dir.resolve("gateway.out"));
    int at = log.indexOf("started in ");
    startupNote = "process start to first 200 response"
        + (at >= 0 ? "; the gateway logged \"" + log.substring(at, log.indexOf(')', at)) + "\"" : "");
  }

  private ProcessBuilder gatewayCommand(Path jar, Path config, List<String> cds, List<String> jvmOpts, Path gc,
      String out) {
    List<String> cmd = new ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED", "-Xlog:gc:file=" + gc));
    cmd.addAll(cds);
    cmd.addAll(servingDefaults());
    cmd.addAll(jvmOpts); // after the defaults: a --gateway-jvm-opt overrides them
    cmd.addAll(List.of("-jar", jar.toString(), "serve", "--config", config.toString()));
    ProcessBuilder serve = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(out).toFile());
    serve.environment().put("SLUICE_DATA_DIR", dir.toString());
    return serve;
  }

  /** The JVM flags {@code ./sluice serve} uses (the launcher exports them), so the benchmark measures those. */
  static List<String> servingDefaults() {
    String flags = System.getenv("SLUICE_SERVE_JVM_DEFAULTS");
    return flags == null || flags.isBlank() ? List.of() : List.of(flags.trim().split("\\s+"));
  }

  /** Polls the gateway with a real chat completion until one answers 200; returns ms since {@code t0}. */
  private long firstServed(Process p, String out, int port, String key, String model, long t0) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + Target.PATH))
        .header("authorization", "Bearer " + key).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"model\":\"fake/" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
        .build();
    long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
    String last = "";
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        // Its own output file: the priming start fails first when a JVM flag is wrong.
        throw new IllegalStateException("gateway exited: " + Files.readString(dir.resolve(out)));
      }
      try {
        HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return (System.nanoTime() - t0) / 1_000_000;
        }
        last = r.statusCode() + " " + r.body();
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(5);
    }
    throw new IllegalStateException("gateway served no 200 within 60 s: " + last);
  }

  private Process track(Process p) {
    synchronized (processes) {
      processes.add(p);
    }
    return p;
  }

  private static void waitForPort(int port, Process p, String what, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException(what + " exited: " + Files.readString(log));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        Thread.sleep(10);
      }
    }
    throw new IllegalStateException(what + " is not listening on " + port);
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private void killAll() {
    List<Process> ps;
    synchronized (processes) {
      ps = new ArrayList<>(processes);
      processes.clear();
    }
    for (Process p : ps) {
      p.destroy();
    }
    for (Process p : ps) {
      try {
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          p.waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    if (inProcessGateway != null) {
      inProcessGateway.close();
      inProcessGateway = null;
    }
    if (fake != null) {
      fake.close();
      fake = null;
    }
    if (anthropicFake != null) {
      anthropicFake.close();
      anthropicFake = null;
    }
    if (vertx != null) {
      vertx.close().await();
      vertx = null;
    }
    killAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException ignored) {
      // already shutting down: the hook is running or ran
    }
  }
}
