package dev.sluice.server.store;

import dev.sluice.core.dialect.openai.OpenAiProviderPreferences;
import dev.sluice.core.route.ProviderPreferences;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Virtual keys in the store. Blocking JDBC: call off the event loop. */
public final class KeyRepository {
  private static final String COLUMNS =
      "id, name, key_hint, created_at, expires_at, revoked_at, routing, user_id, team_id, org_id, max_cost_nanos";
  private final Database db;

  public KeyRepository(Database db) {
    this.db = db;
  }

  public void insert(VirtualKey key, String keyHash) {
    String sql = "INSERT INTO virtual_keys (id, name, key_hash, key_hint, created_at, expires_at, revoked_at, routing,"
        + " user_id, team_id, org_id, max_cost_nanos) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)";
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, key.id());
      ps.setString(2, key.name());
      ps.setString(3, keyHash);
      ps.setString(4, key.hint());
      ps.setLong(5, key.createdAt().toEpochMilli());
      setInstant(ps, 6, key.expiresAt());
      ps.setString(7, key.routingJson());
      ps.setString(8, key.user());
      ps.setString(9, key.team());
      ps.setString(10, key.org());
      if (key.maxCostNanos() == null) {
        ps.setNull(11, Types.INTEGER);
      } else {
        ps.setLong(11, key.maxCostNanos());
      }
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("cannot store the new key", e);
    }
  }

  public Optional<VirtualKey> findByHash(String keyHash) {
    return queryOne("SELECT " + COLUMNS + " FROM virtual_keys WHERE key_hash = ?", keyHash);
  }

  public Optional<VirtualKey> findById(String id) {
    return queryOne("SELECT " + COLUMNS + " FROM virtual_keys WHERE id = ?", id);
  }

  public List<VirtualKey> list() {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM virtual_keys ORDER BY created_at");
        ResultSet rs = ps.executeQuery()) {
      List<VirtualKey> keys = new ArrayList<>();
      while (rs.next()) {
        keys.add(read(rs));
      }
      return keys;
    } catch (SQLException e) {
      throw new StoreException("cannot list keys", e);
    }
  }

  public long count() {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM virtual_keys");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    } catch (SQLException e) {
      throw new StoreException("cannot count keys", e);
    }
  }

  /** Marks the key revoked; returns false when no active key has that id. */
  public boolean revoke(String id, Instant at) {
    String sql = "UPDATE virtual_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL";
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, at.toEpochMilli());
      ps.setString(2, id);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new StoreException("cannot revoke key " + id, e);
    }
  }

  private Optional<VirtualKey> queryOne(String sql, String arg) {
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read keys", e);
    }
  }

  private static VirtualKey read(ResultSet rs) throws SQLException {
    String routing = rs.getString(7);
    long maxCost = rs.getLong(11);
    Long maxCostNanos = rs.wasNull() ? null : maxCost;
    return new VirtualKey(rs.getString(1), rs.getString(2), rs.getString(3),
        Instant.ofEpochMilli(rs.getLong(4)), instant(rs, 5), instant(rs, 6), routing,
        routing == null ? ProviderPreferences.NONE : OpenAiProviderPreferences.parse(routing),
        rs.getString(8), rs.getString(9), rs.getString(10), maxCostNanos);
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  private static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.INTEGER);
    } else {
      ps.setLong(index, value.toEpochMilli());
    }
  }
}
