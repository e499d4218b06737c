package dev.sluice.server.budget;

import dev.sluice.core.budget.BudgetPeriod;
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
import java.util.Optional;

/** Budgets in the store ({@code budgets}, migration V4). Blocking JDBC: call off the event loop. */
public final class BudgetRepository {
  private static final String COLUMNS = "id, scope_type, scope_id, period, limit_nanos, refuse_unpriced, created_at";
  private final Database db;
  private final SecureRandom random = new SecureRandom();

  public BudgetRepository(Database db) {
    this.db = db;
  }

  /** What {@link #set} did: the budget as stored, and whether it is new (else an existing one was replaced). */
  public record Saved(Budget budget, boolean created) {}

  /**
   * Creates the budget for this scope and period, or replaces the limit and the unpriced rule of the one that
   * exists (keeping its id): there is one budget per scope and period.
   */
  public Saved set(BudgetScope scope, BudgetPeriod period, long limitNanos, boolean refuseUnpriced, Instant now) {
    String select = "SELECT " + COLUMNS + " FROM budgets WHERE scope_type = ? AND scope_id = ? AND period = ?";
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
        Optional<Budget> existing;
        try (PreparedStatement ps = c.prepareStatement(select)) {
          ps.setString(1, scope.type().wireName());
          ps.setString(2, scope.id());
          ps.setString(3, Periods.wireName(period));
          existing = one(ps);
        }
        Saved saved;
        if (existing.isPresent()) {
          Budget b = existing.get();
          try (PreparedStatement ps = c.prepareStatement(
              "UPDATE budgets SET limit_nanos = ?, refuse_unpriced = ? WHERE id = ?")) {
            ps.setLong(1, limitNanos);
            ps.setInt(2, refuseUnpriced ? 1 : 0);
            ps.setString(3, b.id());
            ps.executeUpdate();
          }
          saved = new Saved(new Budget(b.id(), scope, period, limitNanos, refuseUnpriced, b.createdAt()), false);
        } else {
          Budget b = new Budget(newId(), scope, period, limitNanos, refuseUnpriced, now);
          try (PreparedStatement ps = c.prepareStatement("INSERT INTO budgets (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, b.id());
            ps.setString(2, scope.type().wireName());
            ps.setString(3, scope.id());
            ps.setString(4, Periods.wireName(period));
            ps.setLong(5, limitNanos);
            ps.setInt(6, refuseUnpriced ? 1 : 0);
            ps.setLong(7, now.toEpochMilli());
            ps.executeUpdate();
          }
          saved = new Saved(b, true);
        }
        c.commit();
        return saved;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot store the budget for " + scope.wire(), e);
    }
  }

  public List<Budget> list() {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM budgets ORDER BY created_at, id");
        ResultSet rs = ps.executeQuery()) {
      List<Budget> budgets = new ArrayList<>();
      while (rs.next()) {
        budgets.add(read(rs));
      }
      return budgets;
    } catch (SQLException e) {
      throw new StoreException("cannot list budgets", e);
    }
  }

  public Optional<Budget> find(String id) {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM budgets WHERE id = ?")) {
      ps.setString(1, id);
      return one(ps);
    } catch (SQLException e) {
      throw new StoreException("cannot read budget " + id, e);
    }
  }

  /** Deletes the budget; false when there is none with that id. */
  public boolean delete(String id) {
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("DELETE FROM budgets WHERE id = ?")) {
      ps.setString(1, id);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new StoreException("cannot delete budget " + id, e);
    }
  }

  private static Optional<Budget> one(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(read(rs)) : Optional.empty();
    }
  }

  private static Budget read(ResultSet rs) throws SQLException {
    ScopeType type = ScopeType.fromWireName(rs.getString(2));
    if (type == null) {
      throw new SQLException("budget " + rs.getString(1) + " has an unknown scope type " + rs.getString(2));
    }
    return new Budget(rs.getString(1), new BudgetScope(type, rs.getString(3)), Periods.parse(rs.getString(4)),
        rs.getLong(5), rs.getInt(6) != 0, Instant.ofEpochMilli(rs.getLong(7)));
  }

  private String newId() {
    byte[] bytes = new byte[8];
    random.nextBytes(bytes);
    return "bud_" + HexFormat.of().formatHex(bytes);
  }
}
