package dev.sluice.server.ledger;

import dev.sluice.core.model.Usage;
import dev.sluice.core.model.UsageSource;
import dev.sluice.core.usage.AttemptRecord;
import dev.sluice.core.usage.AttemptStart;
import dev.sluice.server.store.Database;
import dev.sluice.testkit.FakeOpenAiProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A process that does what the gateway's attempt loop does with the ledger, and nothing else: for each attempt,
 * {@code begin}, wait for it, send the request to the fake provider, then {@code record}. {@link KillNineTest}
 * kills it with SIGKILL under load. Args: data dir, store url, fake base url, clients.
 */
public final class LedgerLoadMain {
  private LedgerLoadMain() {}

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    Ledger ledger = Ledger.open(data, new LedgerStore(Database.open(args[1])));
    String fake = args[2];
    int clients = Integer.parseInt(args[3]);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (int c = 0; c < clients; c++) {
      String model = c % 2 == 0 ? KillNineTest.STREAMED : c % 4 == 1 ? KillNineTest.UNARY_SLOW : KillNineTest.UNARY;
      Thread.ofVirtual().start(() -> {
        while (true) {
          attempt(ledger, http, fake, model);
        }
      });
    }
    System.out.println("load running");
    Thread.currentThread().join();
  }

  private static void attempt(Ledger ledger, HttpClient http, String fake, String model) {
    String requestId = "req_" + UUID.randomUUID();
    boolean stream = model.equals(KillNineTest.STREAMED);
    Instant startedAt = Instant.now();
    AttemptStart start = new AttemptStart(requestId, 1, "key_load", null, null, null, "fake/" + model,
        "fake/" + model, "fake", model, stream, Map.of(), startedAt);
    ledger.begin(start).toCompletionStage().toCompletableFuture().join();
    String body = "{\"model\":\"" + model + "\",\"stream\":" + stream
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    int status;
    try {
      status = http.send(HttpRequest.newBuilder(URI.create(fake + "/chat/completions"))
          .timeout(Duration.ofSeconds(10)).header("authorization", "Bearer " + FakeOpenAiProvider.DEFAULT_API_KEY)
          .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode();
    } catch (Exception e) {
      status = 502;
    }
    ledger.record(new AttemptRecord(requestId, 1, "key_load", null, null, null, "fake/" + model, "fake/" + model,
        "fake", model, status == 200 ? AttemptRecord.Outcome.SERVED : AttemptRecord.Outcome.FAILED, null, status,
        new Usage(10, 0, 0, 30, 0, UsageSource.REPORTED), 1000, true,
        Duration.between(startedAt, Instant.now()).toMillis(), -1, stream, Map.of(), startedAt));
  }
}
