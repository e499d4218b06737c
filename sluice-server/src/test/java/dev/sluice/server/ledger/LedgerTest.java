package dev.sluice.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.core.usage.AttemptStart;
import dev.sluice.server.store.Database;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The ledger end to end in one JVM: journal, shipper, store, replay across "processes" (ledger instances). */
@Timeout(60)
class LedgerTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final LedgerOptions FAST = LedgerOptions.DEFAULTS.withBackoff(Duration.ofMillis(100))
      .withReplayWait(Duration.ofSeconds(5)).withCloseWait(Duration.ofSeconds(2));

  @TempDir Path dir;
  Database database;
  LedgerStore store;

  @BeforeEach
  void open() {
    database = Database.open("sqlite:" + dir.resolve("sluice.db"));
    store = new LedgerStore(database);
  }

  Path journalDir() {
    return dir.resolve("journal");
  }

  long scalar(String sql) throws SQLException {
    try (Connection c = database.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  void execute(String sql) throws SQLException {
    try (Connection c = database.connection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  Map<String, String> outcomes() throws SQLException {
    Map<String, String> byId = new LinkedHashMap<>();
    try (Connection c = database.connection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, outcome FROM usage_records ORDER BY id")) {
      while (rs.next()) {
        byId.put(rs.getString(1), rs.getString(2));
      }
    }
    return byId;
  }

  /** Writes a journal segment as a dead process would have left it. */
  void writeSegment(long number, byte[]... lines) throws Exception {
    Files.createDirectories(journalDir());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Arrays.stream(lines).forEach(out::writeBytes);
    Files.write(Segments.path(journalDir(), number), out.toByteArray());
  }

  static byte[] line(JournalEntry entry) {
    return JournalCodec.encode(entry);
  }

  @Test
  void recordsAndStartsReachTheStore() throws Exception {
    try (Ledger ledger = Ledger.open(dir, store, FAST)) {
      for (int i = 0; i < 100; i++) {
        ledger.begin(Attempts.start("req_" + i)).await();
        ledger.record(Attempts.served("req_" + i));
      }
      ledger.awaitShipped(WAIT);
      assertThat(scalar("SELECT COUNT(*) FROM usage_records")).isEqualTo(100);
      assertThat(scalar("SELECT COUNT(*) FROM ledger_open_attempts")).isZero();
      Ledger.Counters counters = ledger.counters();
      assertThat(counters.pendingEntries()).isZero();
      assertThat(counters.shippedRecords()).isEqualTo(100);
      assertThat(counters.storeFailures()).isZero();
    }
  }

  /**
   * A start pairs with its record whenever that comes (same batch or later). After a restart, an earlier run's
   * start without a record becomes INTERRUPTED: whether it was still in the journal's tail or already shipped as
   * an open attempt, and also when its record was being written as the process died (a torn last line). A start
   * of the current run is never judged.
   */
  @Test
  void replayPairsStartsWithRecordsAndInterruptsOnlyAnEarlierRunsUnpairedStarts() throws Exception {
    try (Ledger first = Ledger.open(dir, store, FAST)) {
      first.begin(Attempts.start("req_x")).await();
      first.awaitShipped(WAIT); // req_x is now an open attempt in the store; its record never comes
    }
    assertThat(scalar("SELECT COUNT(*) FROM ledger_open_attempts")).isEqualTo(1);
    byte[] tornRecord = line(Attempts.ended("dead", "req_b"));
    long next = Segments.list(journalDir()).getLast() + 1;
    writeSegment(next, line(Attempts.started("dead", "req_a")), line(Attempts.started("dead", "req_b")),
        line(Attempts.ended("dead", "req_a")), line(Attempts.started("dead", "req_c")),
        Arrays.copyOf(tornRecord, tornRecord.length - 7));

    try (Ledger second = Ledger.open(dir, store, FAST)) {
      // open() returned after the replay: the dead runs' attempts are already resolved
      assertThat(outcomes()).containsExactly(Map.entry("req_a#1", "SERVED"), Map.entry("req_b#1", "INTERRUPTED"),
          Map.entry("req_c#1", "INTERRUPTED"), Map.entry("req_x#1", "INTERRUPTED"));
      assertThat(second.counters().interruptedRecords()).isEqualTo(3);

      second.begin(Attempts.start("req_d")).await();
      second.awaitShipped(WAIT);
      assertThat(outcomes()).doesNotContainKey("req_d#1");
      second.record(Attempts.served("req_d"));
      second.awaitShipped(WAIT);
      assertThat(outcomes()).containsEntry("req_d#1", "SERVED").hasSize(5);
      assertThat(Segments.list(journalDir())).as("shipped segments are deleted").hasSize(1);
    }
  }

  /** The same journal shipped twice (a lost checkpoint, a segment delivered again) leaves one row per attempt. */
  @Test
  void shippingTwiceLeavesOneRowEach() throws Exception {
    byte[][] lines = new byte[50][];
    for (int i = 0; i < lines.length; i++) {
      lines[i] = line(Attempts.ended("dead", "req_" + i));
    }
    writeSegment(1, lines);
    try (Ledger ledger = Ledger.open(dir, store, FAST)) {
      ledger.awaitShipped(WAIT);
    }
    assertThat(scalar("SELECT COUNT(*) FROM usage_records")).isEqualTo(50);

    execute("DELETE FROM ledger_checkpoint");
    writeSegment(Segments.list(journalDir()).getLast() + 1, lines);
    try (Ledger ledger = Ledger.open(dir, store, FAST)) {
      ledger.awaitShipped(WAIT);
      assertThat(ledger.counters().duplicateRecords()).isEqualTo(50);
    }
    assertThat(scalar("SELECT COUNT(*) FROM usage_records")).isEqualTo(50);
    assertThat(scalar("SELECT COUNT(DISTINCT id) FROM usage_records")).isEqualTo(50);
  }

  /**
   * The store fails (here: its table is gone, so every insert is an SQLException) from before the ledger opens,
   * while records keep coming from several threads: the journal grows across segments and nothing reaches the
   * store; once the table is back, every record arrives exactly once and the shipped segments are deleted.
   */
  @Test
  void anUnavailableStoreLosesNothingAndDrainsWhenBack() throws Exception {
    writeSegment(1, line(Attempts.ended("dead", "req_dead")));
    execute("ALTER TABLE usage_records RENAME TO usage_records_away");
    LedgerOptions options = FAST.withSegmentBytes(16 * 1024).withReplayWait(Duration.ofMillis(300));
    int n = 2000;
    try (Ledger ledger = Ledger.open(dir, store, options)) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      for (int t = 0; t < 8; t++) {
        int thread = t;
        pool.execute(() -> {
          for (int i = thread; i < n; i += 8) {
            ledger.begin(Attempts.start("req_" + i)).await();
            ledger.record(Attempts.served("req_" + i));
          }
        });
      }
      pool.shutdown();
      assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
      await().atMost(WAIT).until(() -> ledger.counters().storeFailures() >= 3);
      Ledger.Counters failing = ledger.counters();
      assertThat(failing.pendingEntries()).isEqualTo(2L * n);
      assertThat(Segments.list(journalDir())).hasSizeGreaterThan(5);
      assertThat(failing.journalBytes()).isGreaterThan(n * 500L);
      assertThat(scalar("SELECT COUNT(*) FROM usage_records_away")).isZero();

      execute("ALTER TABLE usage_records_away RENAME TO usage_records");
      ledger.awaitShipped(WAIT);
      assertThat(scalar("SELECT COUNT(*) FROM usage_records")).isEqualTo(n + 1);
      assertThat(scalar("SELECT COUNT(DISTINCT id) FROM usage_records")).isEqualTo(n + 1);
      assertThat(ledger.counters().pendingEntries()).isZero();
      assertThat(Segments.list(journalDir())).hasSize(1);
      System.out.printf("store unavailable: %d failed ship attempts, journal grew to %d bytes, then drained%n",
          failing.storeFailures(), failing.journalBytes());
    }
  }

  /** Two shippers on one journal would each take the other's unfinished attempts for a dead run's. */
  @Test
  void aSecondLedgerOnTheSameDataDirectoryIsRefused() {
    try (Ledger ledger = Ledger.open(dir, store, FAST)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> Ledger.open(dir, store, FAST))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("in use by another Sluice process");
    }
    Ledger.open(dir, store, FAST).close(); // released on close
  }

  /**
   * Not an assertion on speed (CI disks vary): measures what {@code begin} adds to an attempt, from the call (JSON encoding
   * included) to the future's completion on the caller's event loop, one at a time and with 16 in flight, and prints p50/p99.
   */
  @Test
  void measuresBeginLatency() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (Ledger ledger = Ledger.open(dir, store, FAST)) {
      Journal journal = ledger.journal();
      for (int inFlight : new int[] {1, 16}) {
        long[] nanos = new long[4000];
        CompletableFuture<Void> finished = new CompletableFuture<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Context context = vertx.getOrCreateContext();
        context.runOnContext(v -> {
          for (int i = 0; i < inFlight; i++) {
            beginNext(ledger, nanos, next, done, finished);
          }
        });
        finished.get(20, TimeUnit.SECONDS);
        long[] measured = java.util.Arrays.copyOfRange(nanos, 500, nanos.length); // after warm-up
        java.util.Arrays.sort(measured);
        System.out.printf("begin latency, %2d in flight: p50 %.1f us, p99 %.1f us, max %.1f us (%d writes, %d fsyncs"
                + " so far)%n", inFlight, measured[measured.length / 2] / 1e3,
            measured[(int) (measured.length * 0.99)] / 1e3, measured[measured.length - 1] / 1e3,
            journal.batches.get(), journal.forces());
      }
    } finally {
      vertx.close().await();
    }
  }

  private static void beginNext(Ledger ledger, long[] nanos, AtomicInteger next, AtomicInteger done,
      CompletableFuture<Void> finished) {
    int i = next.getAndIncrement();
    if (i >= nanos.length) {
      return;
    }
    AttemptStart attempt = Attempts.start("req_" + i);
    long start = System.nanoTime();
    Future<Void> begun = ledger.begin(attempt);
    begun.onComplete(v -> {
      nanos[i] = System.nanoTime() - start;
      if (done.incrementAndGet() == nanos.length) {
        finished.complete(null);
      } else { // via the event loop: begin completes at once, and a direct call would recurse 4,000 deep
        Vertx.currentContext().runOnContext(x -> beginNext(ledger, nanos, next, done, finished));
      }
    });
  }

  @Test
  void closeShipsWhatIsQueued() throws Exception {
    try (Ledger ledger = Ledger.open(dir, store, FAST)) {
      for (int i = 0; i < 1000; i++) {
        ledger.record(Attempts.served("req_" + i));
      }
    }
    assertThat(scalar("SELECT COUNT(*) FROM usage_records")).isEqualTo(1000);
    assertThat(Segments.list(journalDir())).hasSize(1);
  }
}
