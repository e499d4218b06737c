package dev.sluice.server.ledger;

import dev.sluice.core.model.Usage;
import dev.sluice.core.usage.AttemptRecord;
import dev.sluice.core.usage.AttemptStart;
import dev.sluice.server.admission.ScopeType;
import dev.sluice.server.admission.SpendSource;
import dev.sluice.server.store.Database;
import dev.sluice.server.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The usage ledger's rows in the SQLite store ({@code usage_records}, migration V3), plus the shipper's state:
 * its checkpoint and the attempts still open, both written in the same transaction as the rows they cover.
 *
 * <p>Tag spend uses SQLite's {@code json_each} over the {@code tags} column instead of a separate tag table:
 * spend is read at start-up and when a budget window rolls over, never per request, and the time index bounds
 * the scan to the window; a tag table would add a row per tag to every insert, on the path that must keep up
 * with the gateway. If tag budgets ever need speed, an expression index on one tag is a migration away.
 */
public final class LedgerStore implements SpendSource {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerStore.class);

  private static final String INSERT = "INSERT OR IGNORE INTO usage_records (id, request_id, attempt, key_id,"
      + " end_user, team, org, via_model, deployment_id, provider, model, outcome, failure, status, input_tokens,"
      + " cache_read_tokens, cache_write_tokens, output_tokens, reasoning_tokens, usage_source, cost_nanos, priced,"
      + " latency_ms, ttft_ms, streamed, tags, started_at, shipped_at)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static final Map<String, String> GROUPS = Map.of(
      "key", "key_id", "team", "team", "org", "org", "user", "end_user",
      "model", "COALESCE(provider || '/' || model, deployment_id)", "provider", "provider");

  private final Database database;
  private final InstantSource clock;

  public LedgerStore(Database database) {
    this(database, InstantSource.system());
  }

  public LedgerStore(Database database, InstantSource clock) {
    this.database = database;
    this.clock = clock;
  }

  /** Inserts the records in one transaction, skipping ids already present; returns how many were new. */
  public int insertBatch(List<AttemptRecord> records) {
    try {
      return ship(records, List.of(), List.of(), null);
    } catch (SQLException e) {
      throw new StoreException("cannot insert " + records.size() + " usage records", e);
    }
  }

  /**
   * The shipper's transaction: new rows, starts still open, ids whose record has come (no longer open) and,
   * when not null, the checkpoint, all or nothing. A crash before commit leaves the old checkpoint and none of
   * the rows (the journal is read again from there); after commit, both.
   */
  int ship(List<AttemptRecord> records, List<JournalEntry.Started> opened, Collection<String> closed,
      Position checkpoint) throws SQLException {
    try (Connection c = database.connection()) {
      c.setAutoCommit(false);
      try {
        int inserted = insert(c, records);
        open(c, opened);
        close(c, closed);
        if (checkpoint != null) {
          saveCheckpoint(c, checkpoint);
        }
        c.commit();
        return inserted;
      } catch (SQLException | RuntimeException e) {
        rollback(c);
        throw e;
      }
    }
  }

  /** Where shipping stopped, or null before the first batch. */
  Position checkpoint() throws SQLException {
    try (Connection c = database.connection();
        PreparedStatement s = c.prepareStatement("SELECT segment, byte_offset FROM ledger_checkpoint WHERE id = 1");
        ResultSet rs = s.executeQuery()) {
      return rs.next() ? new Position(rs.getLong(1), rs.getLong(2)) : null;
    }
  }

  /**
   * Turns every open start of another run than {@code currentRun} into an {@link AttemptRecord.Outcome#INTERRUPTED}
   * record, in one transaction. Call only once every earlier run's journal is shipped: then their records, if
   * any had been written, would have closed those starts already.
   */
  List<AttemptRecord> resolveInterrupted(String currentRun) throws SQLException {
    try (Connection c = database.connection()) {
      c.setAutoCommit(false);
      try {
        List<AttemptRecord> interrupted = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, entry FROM ledger_open_attempts WHERE run <> ?")) {
          s.setString(1, currentRun);
          try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              try {
                interrupted.add(interrupted(JournalCodec.decodeStart(rs.getString(2))));
              } catch (JournalCodec.MalformedEntryException e) {
                LOG.error("open attempt {} has an unreadable start, dropped: {}", rs.getString(1), e.getMessage());
              }
            }
          }
        }
        insert(c, interrupted);
        try (PreparedStatement d = c.prepareStatement("DELETE FROM ledger_open_attempts WHERE run <> ?")) {
          d.setString(1, currentRun);
          d.executeUpdate();
        }
        c.commit();
        return interrupted;
      } catch (SQLException | RuntimeException e) {
        rollback(c);
        throw e;
      }
    }
  }

  /** The record of an attempt that was sent and never ended: the process died. Nothing is known of its usage. */
  static AttemptRecord interrupted(AttemptStart s) {
    return new AttemptRecord(s.requestId(), s.attempt(), s.keyId(), s.user(), s.team(), s.org(), s.viaModel(),
        s.deploymentId(), s.provider(), s.model(), AttemptRecord.Outcome.INTERRUPTED, null, /* status= */ 0,
        Usage.NONE, /* costNanos= */ 0, /* priced= */ false, /* latencyMillis= */ -1, /* ttftMillis= */ -1,
        s.streamed(), s.tags(), s.startedAt());
  }

  @Override
  public long spendNanos(ScopeType type, String scopeId, Instant from, Instant to) {
    String match = switch (type) {
      case KEY -> "key_id = ?";
      case USER -> "end_user = ?";
      case TEAM -> "team = ?";
      case ORG -> "org = ?";
      case MODEL -> "via_model = ?";
      case TAG -> "EXISTS (SELECT 1 FROM json_each(usage_records.tags) t WHERE t.key = ? AND t.value = ?)";
    };
    String sql = "SELECT COALESCE(SUM(cost_nanos), 0) FROM usage_records WHERE " + match
        + " AND started_at >= ? AND started_at < ?";
    try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
      int i = 1;
      if (type == ScopeType.TAG) {
        int eq = scopeId.indexOf('=');
        if (eq < 0) {
          throw new IllegalArgumentException("a tag scope id is name=value, got " + scopeId);
        }
        s.setString(i++, scopeId.substring(0, eq));
        s.setString(i++, scopeId.substring(eq + 1));
      } else {
        s.setString(i++, scopeId);
      }
      s.setLong(i++, from.toEpochMilli());
      s.setLong(i, to.toEpochMilli());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read spend for " + type.wireName() + ":" + scopeId, e);
    }
  }

  /**
   * Spend since {@code since}, grouped by {@code key}, {@code team}, {@code org}, {@code user}, {@code model}
   * (the served {@code provider/model}) or {@code provider}; most expensive first.
   */
  public List<UsageRow> usage(Instant since, String groupBy) {
    String group = GROUPS.get(groupBy.toLowerCase(Locale.ROOT));
    if (group == null) {
      throw new IllegalArgumentException("cannot group usage by '" + groupBy
          + "'; use one of key, team, org, user, model, provider");
    }
    String sql = "SELECT " + group + " AS grp, COUNT(DISTINCT request_id), COUNT(*), SUM(input_tokens),"
        + " SUM(output_tokens), SUM(cost_nanos),"
        + " SUM(CASE WHEN priced = 0 AND usage_source <> 'MISSING' THEN 1 ELSE 0 END)"
        + " FROM usage_records WHERE started_at >= ? GROUP BY grp ORDER BY SUM(cost_nanos) DESC, grp";
    try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, since.toEpochMilli());
      List<UsageRow> rows = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(new UsageRow(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
              rs.getLong(6), rs.getLong(7)));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new StoreException("cannot read usage", e);
    }
  }

  private int insert(Connection c, List<AttemptRecord> records) throws SQLException {
    if (records.isEmpty()) {
      return 0;
    }
    long now = clock.millis();
    try (PreparedStatement s = c.prepareStatement(INSERT)) {
      for (AttemptRecord r : records) {
        bind(s, r, now);
        s.addBatch();
      }
      int inserted = 0;
      for (int n : s.executeBatch()) {
        inserted += Math.max(n, 0);
      }
      return inserted;
    }
  }

  private static void bind(PreparedStatement s, AttemptRecord r, long now) throws SQLException {
    Usage u = r.usage();
    s.setString(1, r.id());
    s.setString(2, r.requestId());
    s.setInt(3, r.attempt());
    nullable(s, 4, r.keyId());
    nullable(s, 5, r.user());
    nullable(s, 6, r.team());
    nullable(s, 7, r.org());
    nullable(s, 8, r.viaModel());
    s.setString(9, r.deploymentId());
    nullable(s, 10, r.provider());
    nullable(s, 11, r.model());
    s.setString(12, r.outcome().name());
    nullable(s, 13, r.failure() == null ? null : r.failure().name());
    s.setInt(14, r.status());
    s.setLong(15, u.inputTokens());
    s.setLong(16, u.cacheReadTokens());
    s.setLong(17, u.cacheWriteTokens());
    s.setLong(18, u.outputTokens());
    s.setLong(19, u.reasoningTokens());
    s.setString(20, u.source().name());
    s.setLong(21, r.costNanos());
    s.setInt(22, r.priced() ? 1 : 0);
    s.setLong(23, r.latencyMillis());
    s.setLong(24, r.ttftMillis());
    s.setInt(25, r.streamed() ? 1 : 0);
    s.setString(26, JournalCodec.tagsJson(r.tags()));
    s.setLong(27, r.startedAt() == null ? now : r.startedAt().toEpochMilli());
    s.setLong(28, now);
  }

  private static void open(Connection c, List<JournalEntry.Started> opened) throws SQLException {
    if (opened.isEmpty()) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement(
        "INSERT OR IGNORE INTO ledger_open_attempts (id, run, entry) VALUES (?, ?, ?)")) {
      for (JournalEntry.Started started : opened) {
        s.setString(1, started.id());
        s.setString(2, started.run());
        s.setString(3, JournalCodec.encodeStart(started.run(), started.start()));
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private static void close(Connection c, Collection<String> closed) throws SQLException {
    if (closed.isEmpty()) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement("DELETE FROM ledger_open_attempts WHERE id = ?")) {
      for (String id : closed) {
        s.setString(1, id);
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private void saveCheckpoint(Connection c, Position p) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO ledger_checkpoint (id, segment, byte_offset,"
        + " updated_at) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET segment = excluded.segment,"
        + " byte_offset = excluded.byte_offset, updated_at = excluded.updated_at")) {
      s.setLong(1, p.segment());
      s.setLong(2, p.offset());
      s.setLong(3, clock.millis());
      s.executeUpdate();
    }
  }

  private static void nullable(PreparedStatement s, int index, String value) throws SQLException {
    if (value == null) {
      s.setNull(index, Types.VARCHAR);
    } else {
      s.setString(index, value);
    }
  }

  private static void rollback(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      LOG.debug("rollback failed: {}", e.toString());
    }
  }
}
