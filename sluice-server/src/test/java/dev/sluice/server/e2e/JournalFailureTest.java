package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.config.JournalFailurePolicy;
import dev.sluice.server.config.LedgerSettings;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.config.StoreSettings;
import dev.sluice.server.e2e.DialectWire.Dialect;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * RELIABILITY.md A6 #31/#33 and (d) guarantee 1: the usage journal's disk fails while the gateway runs. The fault
 * is real, not a flag: the journal directory is replaced by a regular file (the tests run as root, where a
 * read-only mode would not deny anything), and 4 KiB segments make the next segment roll, where the journal
 * creates a file, come after a few requests. {@code ledger.on_journal_failure: reject} (the default) must refuse
 * new requests with a 503 in the caller's dialect before any provider call, say so in a metric, and accept
 * again once the directory is back; {@code serve} keeps serving. Either way every attempt that reached the
 * provider ends with exactly one ledger row once the journal writes again.
 */
class JournalFailureTest {
  private static final String CHAT = "fake/gpt-4o-mini";

  private static GatewayHarness start(JournalFailurePolicy policy) {
    return GatewayHarness.start(c -> new SluiceConfig(c.source(), c.server(),
        new StoreSettings(c.store().url(), c.store().dataDir(), new LedgerSettings(policy, 4096)), c.providers(),
        c.models(), c.routing()));
  }

  /** Moves the journal directory away and puts a regular file in its place: creating a segment now fails. */
  private static void breakJournal(Path dataDir) throws IOException {
    Files.move(dataDir.resolve("journal"), dataDir.resolve("journal.away"));
    Files.writeString(dataDir.resolve("journal"), "not a directory");
  }

  private static void repairJournal(Path dataDir) throws IOException {
    Files.delete(dataDir.resolve("journal"));
    Files.move(dataDir.resolve("journal.away"), dataDir.resolve("journal"));
  }

  private static String requestId(HttpResponse<?> r) {
    return r.headers().firstValue("x-request-id").orElseThrow();
  }

  private static double metric(GatewayHarness h, String name) {
    String text = Http.get(h.baseUrl() + "/metrics", null).body();
    return text.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.split(" ")[1]))
        .findFirst().orElseThrow(() -> new AssertionError(name + " not in /metrics"));
  }

  private static int rows(GatewayHarness h, String requestId) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + h.dataDir.resolve("sluice.db"));
        PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM usage_records WHERE request_id = ?")) {
      s.setString(1, requestId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void rejectRefusesNewRequestsWith503InTheCallersDialectAndRecoversWhenTheDiskIsBack() throws Exception {
    try (GatewayHarness h = start(JournalFailurePolicy.REJECT)) {
      DialectWire wire = new DialectWire(h.baseUrl(), h.key, List.of(h.fake.apiKey()));
      List<String> served = new ArrayList<>();
      HttpResponse<String> warm = wire.post(Dialect.OPENAI, Dialect.OPENAI.body(CHAT, "Hi", false));
      assertThat(warm.statusCode()).isEqualTo(200);
      served.add(requestId(warm));
      assertThat(metric(h, "sluice_ledger_journal_failing")).isZero();

      breakJournal(h.dataDir);
      HttpResponse<String> refused = null;
      for (int i = 0; i < 40 && refused == null; i++) {
        HttpResponse<String> r = wire.post(Dialect.OPENAI, Dialect.OPENAI.body(CHAT, "Hi " + i, false));
        if (r.statusCode() == 200) {
          served.add(requestId(r));
        } else {
          refused = r;
        }
      }
      assertThat(refused).as("a 4 KiB segment fills within 40 requests, and its roll fails").isNotNull();
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
      assertThat(ErrorKinds.assertDialectError(Dialect.OPENAI, 503, refused.body())).contains("usage journal");
      List<String> refusedIds = new ArrayList<>(List.of(requestId(refused)));

      // Every caller shape is refused now, before any provider call.
      int upstreamBefore = h.fake.requestCount("gpt-4o-mini");
      for (Dialect d : List.of(Dialect.OPENAI, Dialect.ANTHROPIC)) {
        for (boolean stream : new boolean[] {false, true}) {
          HttpResponse<String> r = wire.post(d, d.body(CHAT, "Hi", stream));
          assertThat(r.statusCode()).as(d + " stream=" + stream + ": " + r.body()).isEqualTo(503);
          assertThat(ErrorKinds.assertDialectError(d, 503, r.body())).contains("usage journal");
          refusedIds.add(requestId(r));
        }
      }
      assertThat(h.fake.requestCount("gpt-4o-mini")).as("no provider call while refusing").isEqualTo(upstreamBefore);
      assertThat(metric(h, "sluice_ledger_journal_failing")).isEqualTo(1.0);
      assertThat(metric(h, "sluice_ledger_rejected_attempts")).isEqualTo(refusedIds.size());

      repairJournal(h.dataDir);
      // The journal retries with a growing pause (at most 2 s): then requests are served again.
      Awaitility.await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(200)).until(() -> {
        HttpResponse<String> r = wire.post(Dialect.OPENAI, Dialect.OPENAI.body(CHAT, "again", false));
        if (r.statusCode() == 200) {
          served.add(requestId(r));
          return true;
        }
        refusedIds.add(requestId(r));
        return false;
      });
      HttpResponse<String> after = wire.post(Dialect.ANTHROPIC, Dialect.ANTHROPIC.body(CHAT, "after", false));
      assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
      served.add(requestId(after));
      assertThat(metric(h, "sluice_ledger_journal_failing")).isZero();

      // Nothing lost: one row per served request (records made while the disk was gone waited in memory),
      // none for a refused one, and as many rows as the provider saw requests.
      h.gateway.ledger().awaitShipped(Duration.ofSeconds(5));
      for (String id : served) {
        assertThat(rows(h, id)).as("rows of served " + id).isEqualTo(1);
      }
      for (String id : refusedIds) {
        assertThat(rows(h, id)).as("rows of refused " + id).isZero();
      }
      assertThat(h.fake.requestCount("gpt-4o-mini")).isEqualTo(served.size());
    }
  }

  @Test
  void serveKeepsServingAndLosesNothingOnceTheDiskIsBack() throws Exception {
    try (GatewayHarness h = start(JournalFailurePolicy.SERVE)) {
      DialectWire wire = new DialectWire(h.baseUrl(), h.key, List.of(h.fake.apiKey()));
      List<String> served = new ArrayList<>();
      breakJournal(h.dataDir);
      for (int i = 0; i < 30; i++) {
        Dialect d = i % 2 == 0 ? Dialect.OPENAI : Dialect.ANTHROPIC;
        HttpResponse<String> r = wire.post(d, d.body(CHAT, "Hi " + i, i % 3 == 0));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        served.add(requestId(r));
      }
      assertThat(metric(h, "sluice_ledger_journal_failing")).as("30 requests overflow a 4 KiB segment").isEqualTo(1.0);
      assertThat(metric(h, "sluice_ledger_rejected_attempts")).isZero();
      assertThat(h.gateway.ledger().counters().pendingEntries()).isPositive();

      repairJournal(h.dataDir);
      h.gateway.ledger().awaitShipped(Duration.ofSeconds(8));
      assertThat(metric(h, "sluice_ledger_journal_failing")).isZero();
      for (String id : served) {
        assertThat(rows(h, id)).as("rows of " + id).isEqualTo(1);
      }
      assertThat(h.fake.requestCount("gpt-4o-mini")).isEqualTo(served.size());
    }
  }
}
