package dev.sluice.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.model.Usage;
import dev.sluice.core.model.UsageSource;
import dev.sluice.core.usage.AttemptRecord;
import dev.sluice.server.admission.ScopeType;
import dev.sluice.server.store.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerStoreTest {
  @TempDir java.nio.file.Path dir;
  Database database;
  LedgerStore store;

  @BeforeEach
  void open() {
    database = Database.open("sqlite:" + dir.resolve("sluice.db"));
    store = new LedgerStore(database);
  }

  static AttemptRecord record(String requestId, String keyId, String team, String user, String viaModel,
      Map<String, String> tags, long costNanos, Instant at) {
    return new AttemptRecord(requestId, 1, keyId, user, team, "acme", viaModel, "fake/" + viaModel, "fake", viaModel,
        AttemptRecord.Outcome.SERVED, null, 200, new Usage(100, 0, 0, 10, 0, UsageSource.REPORTED), costNanos,
        costNanos > 0, 500, -1, false, tags, at);
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

  @Test
  void insertBatchIsIdempotentById() throws Exception {
    List<AttemptRecord> first = List.of(Attempts.served("req_1"), Attempts.served("req_2"), Attempts.served("req_3"));
    assertThat(store.insertBatch(first)).isEqualTo(3);
    List<AttemptRecord> again = List.of(Attempts.served("req_1"), Attempts.served("req_2"), Attempts.served("req_3"),
        Attempts.served("req_4"));
    assertThat(store.insertBatch(again)).isEqualTo(1);
    assertThat(scalar("SELECT COUNT(*) FROM usage_records")).isEqualTo(4);
    assertThat(scalar("SELECT COUNT(DISTINCT id) FROM usage_records")).isEqualTo(4);
  }

  @Test
  void everyFieldHasItsColumn() throws Exception {
    store.insertBatch(List.of(Attempts.served("req_1", 1234)));
    try (Connection c = database.connection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM usage_records")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString("id")).isEqualTo("req_1#1");
      assertThat(rs.getString("key_id")).isEqualTo("key_a");
      assertThat(rs.getString("end_user")).isEqualTo("alice");
      assertThat(rs.getString("team")).isEqualTo("ml");
      assertThat(rs.getString("org")).isEqualTo("acme");
      assertThat(rs.getString("via_model")).isEqualTo("fast");
      assertThat(rs.getString("outcome")).isEqualTo("SERVED");
      assertThat(rs.getLong("input_tokens")).isEqualTo(120);
      assertThat(rs.getLong("cache_read_tokens")).isEqualTo(20);
      assertThat(rs.getLong("output_tokens")).isEqualTo(30);
      assertThat(rs.getLong("reasoning_tokens")).isEqualTo(5);
      assertThat(rs.getString("usage_source")).isEqualTo("REPORTED");
      assertThat(rs.getLong("cost_nanos")).isEqualTo(1234);
      assertThat(rs.getInt("priced")).isEqualTo(1);
      assertThat(rs.getLong("ttft_ms")).isEqualTo(95);
      assertThat(rs.getInt("streamed")).isEqualTo(1);
      assertThat(rs.getString("tags")).isEqualTo("{\"cost_center\":\"cc-42\"}");
      assertThat(rs.getLong("started_at")).isEqualTo(Attempts.T0.toEpochMilli());
    }
  }

  @Test
  void spendPerScopeAndWindow() {
    Instant t = Instant.parse("2025-06-01T00:00:00Z");
    store.insertBatch(List.of(
        record("r1", "key_a", "ml", "ann", "fast", Map.of("cc", "42"), 100, t),
        record("r2", "key_a", "ml", "bob", "openai/gpt-4o", Map.of("cc", "7"), 200, t.plusSeconds(60)),
        record("r3", "key_b", "web", "ann", "fast", Map.of("cc", "42", "env", "prod"), 400, t.plusSeconds(120)),
        record("r4", "key_b", null, null, "fast", Map.of(), 800, t.plus(Duration.ofDays(40)))));
    Instant to = t.plus(Duration.ofDays(30));
    assertThat(store.spendNanos(ScopeType.KEY, "key_a", t, to)).isEqualTo(300);
    assertThat(store.spendNanos(ScopeType.KEY, "key_b", t, to)).isEqualTo(400);
    assertThat(store.spendNanos(ScopeType.TEAM, "ml", t, to)).isEqualTo(300);
    assertThat(store.spendNanos(ScopeType.USER, "ann", t, to)).isEqualTo(500);
    assertThat(store.spendNanos(ScopeType.ORG, "acme", t, to)).isEqualTo(700);
    assertThat(store.spendNanos(ScopeType.MODEL, "fast", t, to)).isEqualTo(500);
    assertThat(store.spendNanos(ScopeType.TAG, "cc=42", t, to)).isEqualTo(500);
    assertThat(store.spendNanos(ScopeType.TAG, "env=prod", t, to)).isEqualTo(400);
    assertThat(store.spendNanos(ScopeType.TAG, "cc=4", t, to)).isZero();
    assertThat(store.spendNanos(ScopeType.KEY, "key_a", t.plusSeconds(1), to)).as("from is inclusive")
        .isEqualTo(200);
    assertThat(store.spendNanos(ScopeType.KEY, "key_a", t, t.plusSeconds(60))).as("to is exclusive").isEqualTo(100);
    assertThat(store.spendNanos(ScopeType.KEY, "key_b", t, t.plus(Duration.ofDays(41)))).isEqualTo(1200);
  }

  @Test
  void usageGroupsForTheCommandLine() {
    Instant t = Instant.parse("2025-06-01T00:00:00Z");
    AttemptRecord retry = new AttemptRecord("r1", 2, "key_a", null, "ml", null, "fast", "fake/fast", "fake", "fast",
        AttemptRecord.Outcome.SERVED, null, 200, new Usage(100, 0, 0, 10, 0, UsageSource.REPORTED), 0, false, 1, -1,
        false, Map.of(), t);
    store.insertBatch(List.of(
        record("r1", "key_a", "ml", "ann", "fast", Map.of(), 100, t), retry,
        record("r2", "key_b", "web", "ann", "slow", Map.of(), 400, t),
        record("r0", "key_b", "web", "ann", "slow", Map.of(), 999, t.minusSeconds(1))));
    assertThat(store.usage(t, "team")).containsExactly(
        new UsageRow("web", 1, 1, 100, 10, 400, 0),
        new UsageRow("ml", 1, 2, 200, 20, 100, 1));
    assertThat(store.usage(t, "model")).extracting(UsageRow::group).containsExactly("fake/slow", "fake/fast");
    assertThat(store.usage(t, "provider")).extracting(UsageRow::group).containsExactly("fake");
    assertThatThrownBy(() -> store.usage(t, "colour")).hasMessageContaining("key, team, org, user, model, provider");
  }

  /** The rows and the checkpoint that covers them commit together or not at all. */
  @Test
  void checkpointCommitsInTheSameTransactionAsTheRows() throws Exception {
    execute("CREATE TRIGGER refuse_checkpoint BEFORE INSERT ON ledger_checkpoint"
        + " BEGIN SELECT RAISE(ABORT, 'checkpoint refused'); END");
    List<AttemptRecord> rows = List.of(Attempts.served("req_1"), Attempts.served("req_2"));
    assertThatThrownBy(() -> store.ship(rows, List.of(Attempts.started("r", "req_3")), Set.of(),
        new Position(1, 4096))).isInstanceOf(SQLException.class).hasMessageContaining("checkpoint refused");
    assertThat(scalar("SELECT COUNT(*) FROM usage_records")).as("rolled back with the checkpoint").isZero();
    assertThat(scalar("SELECT COUNT(*) FROM ledger_open_attempts")).isZero();
    assertThat(store.checkpoint()).isNull();

    execute("DROP TRIGGER refuse_checkpoint");
    assertThat(store.ship(rows, List.of(Attempts.started("r", "req_3")), Set.of(), new Position(1, 4096)))
        .isEqualTo(2);
    assertThat(store.checkpoint()).isEqualTo(new Position(1, 4096));
    assertThat(scalar("SELECT COUNT(*) FROM usage_records")).isEqualTo(2);
    store.ship(List.of(), List.of(), Set.of("req_3#1"), new Position(2, 10));
    assertThat(store.checkpoint()).isEqualTo(new Position(2, 10));
    assertThat(scalar("SELECT COUNT(*) FROM ledger_open_attempts")).isZero();
  }

  @Test
  void onlyEarlierRunsOpenStartsBecomeInterrupted() throws Exception {
    store.ship(List.of(), List.of(Attempts.started("old", "req_1"), Attempts.started("now", "req_2")), Set.of(), null);
    List<AttemptRecord> interrupted = store.resolveInterrupted("now");
    assertThat(interrupted).extracting(AttemptRecord::id).containsExactly("req_1#1");
    AttemptRecord r = interrupted.getFirst();
    assertThat(r.outcome()).isEqualTo(AttemptRecord.Outcome.INTERRUPTED);
    assertThat(r.usage()).isEqualTo(Usage.NONE);
    assertThat(r.costNanos()).isZero();
    assertThat(r.priced()).isFalse();
    assertThat(r.status()).isZero();
    assertThat(r.keyId()).isEqualTo("key_a");
    assertThat(r.tags()).containsEntry("cost_center", "cc-42");
    assertThat(scalar("SELECT COUNT(*) FROM usage_records WHERE outcome = 'INTERRUPTED'")).isEqualTo(1);
    assertThat(scalar("SELECT COUNT(*) FROM ledger_open_attempts WHERE run = 'now'")).isEqualTo(1);
    assertThat(store.resolveInterrupted("now")).isEmpty();
  }
}
