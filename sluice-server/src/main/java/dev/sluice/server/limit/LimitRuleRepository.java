package dev.sluice.server.limit;

import dev.sluice.server.admission.ScopeType;
import dev.sluice.server.store.Database;
import dev.sluice.server.store.StoreException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Rate limit rules in the store ({@code rate_limits}, migration V6). Only rules live here, never counters.
 * Blocking JDBC: call off the event loop.
 */
public final class LimitRuleRepository {
  private static final String COLUMNS = "id, scope_type, scope_id, kind, limit_value, created_at";
  private final Database db;
  private final SecureRandom random = new SecureRandom();

  public LimitRuleRepository(Database db) {
    this.db = db;
  }

  /** The rule after {@link #set}, and whether it is new (false: an existing rule's limit was replaced). */
  public record Saved(LimitRule rule, boolean created) {}

  /** Sets the limit for (scope, kind): creates the rule, or replaces the limit of the existing one (same id). */
  public Saved set(LimitInput input, Instant now) {
    String upsert = "INSERT INTO rate_limits (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)"
        + " ON CONFLICT (scope_type, scope_id, kind) DO UPDATE SET limit_value = excluded.limit_value";
    String newId = newId();
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement ps = c.prepareStatement(upsert)) {
          ps.setString(1, newId);
          ps.setString(2, input.scope().type().wireName());
          ps.setString(3, input.scope().id());
          ps.setString(4, input.kind().wireName());
          ps.setLong(5, input.limit());
          ps.setLong(6, now.toEpochMilli());
          ps.executeUpdate();
        }
        LimitRule rule = find(c, input);
        c.commit();
        return new Saved(rule, rule.id().equals(newId));
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot store the rate limit " + input.scope() + " " + input.kind().wireName(), e);
    }
  }

  /** Every rule, oldest first. */
  public List<LimitRule> list() {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM rate_limits ORDER BY created_at, id");
        ResultSet rs = ps.executeQuery()) {
      List<LimitRule> rules = new ArrayList<>();
      while (rs.next()) {
        rules.add(read(rs));
      }
      return rules;
    } catch (SQLException e) {
      throw new StoreException("cannot list rate limits", e);
    }
  }

  /** Deletes the rule; false when no rule has that id. */
  public boolean delete(String id) {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM rate_limits WHERE id = ?")) {
      ps.setString(1, id);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new StoreException("cannot delete rate limit " + id, e);
    }
  }

  private static LimitRule find(Connection c, LimitInput input) throws SQLException {
    String sql = "SELECT " + COLUMNS + " FROM rate_limits WHERE scope_type = ? AND scope_id = ? AND kind = ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, input.scope().type().wireName());
      ps.setString(2, input.scope().id());
      ps.setString(3, input.kind().wireName());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("the rule just written is missing");
        }
        return read(rs);
      }
    }
  }

  private static LimitRule read(ResultSet rs) throws SQLException {
    ScopeType type = ScopeType.fromWireName(rs.getString(2));
    LimitKind kind = LimitKind.fromWireName(rs.getString(4));
    if (type == null || kind == null) {
      throw new SQLException("rate limit " + rs.getString(1) + " has an unknown scope type or kind");
    }
    return new LimitRule(rs.getString(1), new LimitScope(type, rs.getString(3)), kind, rs.getLong(5),
        Instant.ofEpochMilli(rs.getLong(6)));
  }

  private String newId() {
    byte[] bytes = new byte[8];
    random.nextBytes(bytes);
    return "lim_" + HexFormat.of().formatHex(bytes);
  }
}
