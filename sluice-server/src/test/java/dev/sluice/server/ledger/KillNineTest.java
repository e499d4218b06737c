package dev.sluice.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.server.cli.SluiceCli;
import dev.sluice.testkit.FakeOpenAiProvider;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The headline guarantee: kill -9 the gateway process under concurrent load (streaming and not), restart it on
 * the same data directory, and every chat request the fake provider received has exactly one usage row.
 *
 * <p>The gateway does not forward its request id upstream, so the comparison is by count per model: rows that
 * are not INTERRUPTED came from attempts that reached the provider (no request here can fail before it), so
 * there are at most as many as the provider received; INTERRUPTED rows are attempts whose start was journaled
 * and whose end never was, and together with the rest they cover every request the provider received. An
 * INTERRUPTED row whose request never reached the provider (killed between the journal write and the send) is
 * allowed: at most one per client in flight. Retries are off, so one request is one attempt and one row.
 *
 * <p>SIGKILL: the test runs {@code kill -9 <pid>}. ({@code Process.destroyForcibly()} would do the same on Linux:
 * the JDK's {@code ProcessHandleImpl_unix.c} sends {@code kill(pid, force ? SIGKILL : SIGTERM)}.) The exit
 * value 137 = 128 + 9 confirms the process died of SIGKILL, with no shutdown hook run.
 */
@Timeout(60)
class KillNineTest {
  static final int CLIENTS = 16;
  static final String STREAMED = "chunks-30-gap-20";
  static final String UNARY_SLOW = "gpt-4o-mini-slow-40";
  static final String UNARY = "gpt-4o-mini";

  @TempDir Path dir;
  FakeOpenAiProvider fake;
  GatewayProcesses gateways;

  @AfterEach
  void stop() {
    GatewayProcesses.closeBoth(gateways, fake);
  }

  @Test
  void everyRequestTheProviderReceivedHasExactlyOneUsageRowAfterKill9() throws Exception {
    long t0 = System.nanoTime();
    fake = FakeOpenAiProvider.start();
    gateways = new GatewayProcesses(dir, fake);
    Path data = dir.resolve("data");
    Path config = dir.resolve("sluice.yaml");
    gateways.writeConfig(config, data, GatewayProcesses.freePort());
    String key = gateways.createKey(config, data);

    Process first = gateways.startGateway(config, data, "first");
    String baseUrl = gateways.awaitListening(first, "first");
    Load load = new Load(baseUrl, key);
    assertThat(load.send(UNARY, false)).as("warm-up request").isTrue(); // the first one pays for class loading
    load.start();
    // Kill mid-load: once plenty of both kinds have reached the provider and streams are in flight.
    await().atMost(Duration.ofSeconds(15)).until(() -> fake.requestCount(UNARY) >= 40
        && fake.requestCount(STREAMED) > CLIENTS && fake.openStreams() > 0);
    kill9(first);
    load.stop();
    Map<String, Integer> received = Map.of(STREAMED, fake.requestCount(STREAMED), UNARY_SLOW,
        fake.requestCount(UNARY_SLOW), UNARY, fake.requestCount(UNARY));
    long startsJournaled = countJournal(data, "\"t\":\"start\"");
    List<Long> segmentsBeforeRestart = Segments.list(data.resolve("journal"));

    gateways.writeConfig(config, data, GatewayProcesses.freePort());
    Process second = gateways.startGateway(config, data, "second");
    gateways.awaitListening(second, "second");
    long restartedAt = System.nanoTime();
    String url = "jdbc:sqlite:" + data.resolve("sluice.db");
    // shipped: the killed run's segments are deleted only once their content is committed to the store
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() ->
        Segments.list(data.resolve("journal")).stream().noneMatch(segmentsBeforeRestart::contains)
            && scalar(url, "SELECT COUNT(*) FROM ledger_open_attempts") == 0);
    long shippedMillis = (System.nanoTime() - restartedAt) / 1_000_000;
    second.destroy();
    assertThat(second.waitFor(10, TimeUnit.SECONDS)).isTrue();

    Map<String, long[]> rows = rowsByModel(url); // model -> {all, interrupted, served}
    System.out.printf("kill -9 test: received %s, served to clients %s, rows {model=[all, interrupted, served]} %s,"
            + " starts journaled %d, replay shipped in %d ms, total %d ms%n", new TreeMap<>(received),
        new TreeMap<>(load.served), render(rows), startsJournaled, shippedMillis, (System.nanoTime() - t0) / 1_000_000);

    long total = scalar(url, "SELECT COUNT(*) FROM usage_records");
    assertThat(scalar(url, "SELECT COUNT(DISTINCT id) FROM usage_records")).isEqualTo(total);
    assertThat(scalar(url, "SELECT COUNT(DISTINCT request_id) FROM usage_records")).as("one attempt per request")
        .isEqualTo(total);
    assertThat(received.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThan(40);
    assertThat(received.get(STREAMED)).isGreaterThan(CLIENTS / 2);
    long missing = 0;
    long extra = 0;
    for (Map.Entry<String, Integer> e : received.entrySet()) {
      long[] r = rows.getOrDefault(e.getKey(), new long[3]);
      long notInterrupted = r[0] - r[1];
      assertThat(notInterrupted).as("rows that are not INTERRUPTED for %s", e.getKey())
          .isLessThanOrEqualTo(e.getValue());
      // A record is journaled as the answer goes out, not before: an answer that reached its client in the
      // last moment before the kill may be INTERRUPTED rather than SERVED, but it always has its one row.
      assertThat(r[2] + r[1]).as("SERVED or INTERRUPTED rows for %s cover what clients received", e.getKey())
          .isGreaterThanOrEqualTo(load.served.getOrDefault(e.getKey(), new AtomicInteger()).get());
      missing += Math.max(0, e.getValue() - r[0]);
      extra += Math.max(0, r[0] - e.getValue());
    }
    long interrupted = rows.values().stream().mapToLong(r -> r[1]).sum();
    assertThat(startsJournaled).as("begin journals a start per attempt").isGreaterThan(0);
    assertThat(missing).as("received requests without a row").isZero();
    assertThat(extra).as("INTERRUPTED rows for requests that never reached the provider").isLessThanOrEqualTo(
        CLIENTS);
    assertThat(interrupted).as("attempts in flight at the kill").isGreaterThan(0);
  }

  /**
   * The same guarantee for the ledger alone, strict, whatever the gateway's wiring: a process that journals
   * {@code begin} before each request to the fake and {@code record} after it ({@link LedgerLoadMain}) is killed
   * with SIGKILL under 16 concurrent clients; a ledger opened on the same data directory replays the journal, and
   * every request the provider received has exactly one row: its record, or INTERRUPTED when it was in flight.
   */
  @Test
  void ledgerUnderLoadKilledWithSigkillLeavesExactlyOneRowPerReceivedRequest() throws Exception {
    long t0 = System.nanoTime();
    fake = FakeOpenAiProvider.start();
    gateways = new GatewayProcesses(dir, fake);
    Path data = dir.resolve("data");
    String url = "sqlite:" + data.resolve("sluice.db");
    Process load = gateways.java(data, "load", List.of(LedgerLoadMain.class.getName(), data.toString(), url,
        fake.baseUrl(), Integer.toString(CLIENTS)));
    await().atMost(Duration.ofSeconds(15)).until(() -> fake.requestCount(UNARY) >= 40 || !load.isAlive());
    kill9(load);
    Map<String, Integer> received = Map.of(STREAMED, fake.requestCount(STREAMED), UNARY_SLOW,
        fake.requestCount(UNARY_SLOW), UNARY, fake.requestCount(UNARY));

    try (Ledger ledger = Ledger.open(data, new LedgerStore(dev.sluice.server.store.Database.open(url)))) {
      ledger.awaitShipped(Duration.ofSeconds(10));
      System.out.printf("ledger kill -9: received %s, rows {model=[all, interrupted, served]} %s, %s, total %d ms%n",
          new TreeMap<>(received), render(rowsByModel("jdbc:" + url)), ledger.counters(),
          (System.nanoTime() - t0) / 1_000_000);
    }
    String jdbc = "jdbc:" + url;
    Map<String, long[]> rows = rowsByModel(jdbc);
    long extra = 0;
    for (Map.Entry<String, Integer> e : received.entrySet()) {
      long[] r = rows.getOrDefault(e.getKey(), new long[3]);
      assertThat(r[0]).as("rows for %s cover every request the provider received", e.getKey())
          .isGreaterThanOrEqualTo(e.getValue());
      assertThat(r[0] - r[1]).as("rows that are not INTERRUPTED for %s", e.getKey())
          .isLessThanOrEqualTo(e.getValue());
      extra += r[0] - e.getValue();
    }
    assertThat(extra).as("INTERRUPTED rows for requests that never reached the provider").isLessThanOrEqualTo(CLIENTS);
    assertThat(rows.values().stream().mapToLong(r -> r[1]).sum()).as("attempts in flight at the kill")
        .isGreaterThan(0);
    assertThat(received.get(UNARY)).isGreaterThan(20);
    long total = scalar(jdbc, "SELECT COUNT(*) FROM usage_records");
    assertThat(scalar(jdbc, "SELECT COUNT(DISTINCT request_id) FROM usage_records")).isEqualTo(total);
  }

  /** 16 clients until stopped: half stream (600 ms each), a quarter slow unary (40 ms), a quarter fast unary. */
  final class Load {
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2)).build();
    final Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
    final AtomicBoolean stopped = new AtomicBoolean();
    final List<Thread> threads = new ArrayList<>();
    final String baseUrl;
    final String key;

    Load(String baseUrl, String key) {
      this.baseUrl = baseUrl;
      this.key = key;
    }

    void start() {
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        Thread t = Thread.ofVirtual().start(() -> {
          String model = switch (client % 4) {
            case 0, 1 -> STREAMED;
            case 2 -> UNARY_SLOW;
            default -> UNARY;
          };
          while (!stopped.get()) {
            if (send(model, model.equals(STREAMED))) {
              served.computeIfAbsent(model, m -> new AtomicInteger()).incrementAndGet();
            }
          }
        });
        threads.add(t);
      }
    }

    boolean send(String model, boolean stream) {
      String body = "{\"model\":\"fake/" + model + "\",\"stream\":" + stream
          + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
      try {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/chat/completions"))
            .timeout(Duration.ofSeconds(10)).header("authorization", "Bearer " + key)
            .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 && (!stream || response.body().contains("[DONE]"));
      } catch (IOException e) {
        return false; // the gateway died under this request
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    void stop() throws InterruptedException {
      stopped.set(true);
      for (Thread t : threads) {
        t.join(5000);
      }
    }
  }

  static void kill9(Process p) throws Exception {
    Process kill = new ProcessBuilder("kill", "-9", Long.toString(p.pid())).inheritIO().start();
    assertThat(kill.waitFor(5, TimeUnit.SECONDS)).isTrue();
    assertThat(p.waitFor(5, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
  }

  static long countJournal(Path data, String needle) throws IOException {
    long n = 0;
    try (Stream<Path> files = Files.list(data.resolve("journal"))) {
      for (Path f : files.toList()) {
        n += Files.readString(f, StandardCharsets.UTF_8).lines().filter(l -> l.contains(needle)).count();
      }
    }
    return n;
  }

  static long scalar(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static Map<String, long[]> rowsByModel(String url) throws SQLException {
    Map<String, long[]> rows = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT model, COUNT(*), SUM(outcome = 'INTERRUPTED'), SUM(outcome = 'SERVED')"
            + " FROM usage_records GROUP BY model")) {
      while (rs.next()) {
        rows.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
      }
    }
    return rows;
  }

  static String render(Map<String, long[]> rows) {
    StringBuilder b = new StringBuilder("{");
    rows.forEach((m, r) -> b.append(m).append('=').append(java.util.Arrays.toString(r)).append(' '));
    return b.append('}').toString();
  }
}
