package dev.sluice.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.testkit.FakeOpenAiProvider;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * RELIABILITY A6#33, SIGTERM during a deploy: the gateway stops accepting connections at once, lets the streams
 * in flight finish within {@code server.shutdown_grace}, and every one of them leaves its one usage record; a
 * stream longer than the grace is cut when the grace ends and is still recorded once.
 */
@Timeout(60)
class GracefulShutdownTest {
  @TempDir Path dir;
  FakeOpenAiProvider fake;
  GatewayProcesses gateways;
  final HttpClient client = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    GatewayProcesses.closeBoth(gateways, fake);
  }

  @Test
  void sigtermLetsStreamsInFlightFinishAndRecordsEachOnce() throws Exception {
    Run run = start("shutdown_grace: 15s");
    List<CompletableFuture<HttpResponse<String>>> streams = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      streams.add(stream(run, "chunks-20-gap-100")); // about 2 s each
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> fake.openStreams() == 3);

    run.process.destroy(); // SIGTERM
    long signalled = System.nanoTime();
    await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20))
        .until(() -> refusesConnections(run.port));
    assertThat(fake.openStreams()).as("streams still running after the listener closed").isPositive();

    for (CompletableFuture<HttpResponse<String>> s : streams) {
      HttpResponse<String> response = s.get(15, TimeUnit.SECONDS);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).as("a whole stream").contains("data: [DONE]");
    }
    assertThat(run.process.waitFor(15, TimeUnit.SECONDS)).as("exits once drained").isTrue();
    assertThat((System.nanoTime() - signalled) / 1_000_000).as("drained well before the grace ended")
        .isLessThan(12_000);
    assertThat(outcomes(run.data)).containsExactly("SERVED", "SERVED", "SERVED");
  }

  @Test
  void aStreamLongerThanTheGraceIsCutWhenItEndsAndStillRecordedOnce() throws Exception {
    Run run = start("shutdown_grace: 500ms");
    CompletableFuture<HttpResponse<String>> longStream = stream(run, "chunks-100-gap-100"); // about 10 s
    await().atMost(Duration.ofSeconds(10)).until(() -> fake.openStreams() == 1);

    run.process.destroy();
    long signalled = System.nanoTime();
    assertThat(run.process.waitFor(10, TimeUnit.SECONDS)).as("exits after the grace").isTrue();
    assertThat((System.nanoTime() - signalled) / 1_000_000).as("did not wait for the stream's end")
        .isLessThan(8_000);
    String body;
    try {
      body = longStream.get(5, TimeUnit.SECONDS).body();
    } catch (java.util.concurrent.ExecutionException cut) {
      body = ""; // the connection was closed mid-body
    }
    assertThat(body).doesNotContain("[DONE]");
    await().atMost(Duration.ofSeconds(3)).until(() -> fake.openStreams() == 0);
    assertThat(outcomes(run.data)).as("the cut stream's one record").hasSize(1).doesNotContain("SERVED");
  }

  private record Run(Process process, int port, String baseUrl, String key, Path data) {}

  private Run start(String serverKey) throws Exception {
    fake = FakeOpenAiProvider.start();
    gateways = new GatewayProcesses(dir, fake);
    Path data = dir.resolve("data");
    Path config = dir.resolve("sluice.yaml");
    int port = GatewayProcesses.freePort();
    gateways.writeConfig(config, data, port, serverKey);
    String key = gateways.createKey(config, data);
    Process p = gateways.startGateway(config, data, "gateway");
    return new Run(p, port, gateways.awaitListening(p, "gateway"), key, data);
  }

  private CompletableFuture<HttpResponse<String>> stream(Run run, String model) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(run.baseUrl + "/v1/chat/completions"))
        .header("authorization", "Bearer " + run.key).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"fake/" + model
            + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
        .build();
    return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  private static boolean refusesConnections(int port) {
    try (Socket ignored = new Socket("127.0.0.1", port)) {
      return false;
    } catch (ConnectException refused) {
      return true;
    } catch (java.io.IOException other) {
      return false;
    }
  }

  /** Outcomes of every usage record, once the stopped gateway's store is readable. */
  private static List<String> outcomes(Path data) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("sluice.db"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT outcome FROM usage_records ORDER BY outcome")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
