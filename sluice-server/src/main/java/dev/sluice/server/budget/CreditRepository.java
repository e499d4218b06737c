package dev.sluice.server.budget;

import dev.sluice.server.store.Database;
import dev.sluice.server.store.StoreException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Prepaid credit grants in the store ({@code credit_grants}, migration V4). Blocking JDBC. */
public final class CreditRepository {
  private final Database db;
  private final SecureRandom random = new SecureRandom();

  public CreditRepository(Database db) {
    this.db = db;
  }

  /** Records a grant; {@code amountNanos} must be positive. */
  public CreditGrant add(String org, long amountNanos, String note, Instant now) {
    if (amountNanos <= 0) {
      throw new IllegalArgumentException("a credit grant must be positive: " + amountNanos);
    }
    byte[] bytes = new byte[8];
    random.nextBytes(bytes);
    CreditGrant grant = new CreditGrant("cr_" + HexFormat.of().formatHex(bytes), org, amountNanos, note, now);
    String sql = "INSERT INTO credit_grants (id, org_id, amount_nanos, note, created_at) VALUES (?, ?, ?, ?, ?)";
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, grant.id());
      ps.setString(2, org);
      ps.setLong(3, amountNanos);
      ps.setString(4, note);
      ps.setLong(5, now.toEpochMilli());
      ps.executeUpdate();
      return grant;
    } catch (SQLException e) {
      throw new StoreException("cannot store the credit grant for org " + org, e);
    }
  }

  /** The org's grants, oldest first. */
  public List<CreditGrant> list(String org) {
    String sql = "SELECT id, org_id, amount_nanos, note, created_at FROM credit_grants WHERE org_id = ?"
        + " ORDER BY created_at, id";
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, org);
      try (ResultSet rs = ps.executeQuery()) {
        List<CreditGrant> grants = new ArrayList<>();
        while (rs.next()) {
          grants.add(new CreditGrant(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
              Instant.ofEpochMilli(rs.getLong(5))));
        }
        return grants;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot list credit grants for org " + org, e);
    }
  }

  /** Sum of grants per org, for every org that has any. */
  public Map<String, Long> totals() {
    String sql = "SELECT org_id, SUM(amount_nanos) FROM credit_grants GROUP BY org_id";
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      Map<String, Long> totals = new HashMap<>();
      while (rs.next()) {
        totals.put(rs.getString(1), rs.getLong(2));
      }
      return totals;
    } catch (SQLException e) {
      throw new StoreException("cannot sum credit grants", e);
    }
  }
}
