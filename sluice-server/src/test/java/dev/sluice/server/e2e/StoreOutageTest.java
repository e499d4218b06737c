package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.e2e.DialectWire.Dialect;
import dev.sluice.server.ledger.Ledger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * RELIABILITY.md A6 #31 with the embedded store: another connection holds SQLite's write lock ({@code BEGIN
 * EXCLUSIVE} plus a write) for longer than the gateway's 5 s busy timeout, so the ledger's shipper really fails.
 * Requests are still served, quickly, in both dialects; their rows stay in the journal while the lock is held,
 * and every one of them reaches the store, exactly once, when the lock is gone.
 */
class StoreOutageTest {
  private static final Duration LOCK_HELD = Duration.ofMillis(6500);

  private static int rows(Connection c, String requestId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM usage_records WHERE request_id = ?")) {
      s.setString(1, requestId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    }
  }

  @Test
  void aLockedStoreDelaysRowsButNeitherRequestsNorRowsAreLost() throws Exception {
    try (GatewayHarness h = GatewayHarness.start()) {
      DialectWire wire = new DialectWire(h.baseUrl(), h.key, List.of(h.fake.apiKey()));
      String db = "jdbc:sqlite:" + h.dataDir.resolve("sluice.db");
      assertThat(wire.post(Dialect.OPENAI, Dialect.OPENAI.body("fake/gpt-4o-mini", "warm", false)).statusCode())
          .isEqualTo(200); // the key is looked up and cached, classes are loaded
      h.gateway.ledger().awaitShipped(Duration.ofSeconds(5));
      long failuresBefore = h.gateway.ledger().counters().storeFailures();

      List<String> served = new ArrayList<>();
      try (Connection locker = DriverManager.getConnection(db); Connection reader = DriverManager.getConnection(db)) {
        try (Statement s = locker.createStatement()) {
          s.execute("BEGIN EXCLUSIVE");
          s.execute("CREATE TABLE outage_probe (x INTEGER)"); // a write: the lock is held, not just reserved
        }
        long lockedAt = System.nanoTime();
        int i = 0;
        while (System.nanoTime() - lockedAt < LOCK_HELD.toNanos() - 1_000_000_000L) {
          Dialect d = i % 2 == 0 ? Dialect.OPENAI : Dialect.ANTHROPIC;
          boolean stream = i % 3 == 0;
          long start = System.nanoTime();
          DialectWire.Stream r = wire.stream(d, d.body("fake/gpt-4o-mini", "during the outage " + i, stream));
          long millis = (System.nanoTime() - start) / 1_000_000;
          assertThat(r.response().statusCode()).as(r.raw()).isEqualTo(200);
          assertThat(millis).as("served without waiting for the store").isLessThan(1000);
          served.add(r.requestId());
          i++;
          Thread.sleep(300);
        }
        assertThat(served).hasSizeGreaterThanOrEqualTo(4);
        // Still locked: nothing of these requests is in the store yet, all of it is in the journal.
        for (String id : served) {
          assertThat(rows(reader, id)).as("rows of " + id + " while the store is locked").isZero();
        }
        assertThat(h.gateway.ledger().counters().pendingEntries()).isGreaterThanOrEqualTo(2L * served.size());
        Awaitility.await().atMost(LOCK_HELD).pollInterval(Duration.ofMillis(100))
            .until(() -> h.gateway.ledger().counters().storeFailures() > failuresBefore);
        try (Statement s = locker.createStatement()) {
          s.execute("ROLLBACK"); // the store is back
        }
      }

      h.gateway.ledger().awaitShipped(Duration.ofSeconds(12));
      Ledger.Counters after = h.gateway.ledger().counters();
      assertThat(after.storeFailures()).as("the shipper did fail while locked").isGreaterThan(failuresBefore);
      assertThat(after.pendingEntries()).isZero();
      try (Connection c = DriverManager.getConnection(db)) {
        for (String id : served) {
          assertThat(rows(c, id)).as("rows of " + id).isEqualTo(1);
        }
      }
    }
  }
}
