package dev.sluice.server.budget;

import dev.sluice.core.budget.BudgetPeriod;
import dev.sluice.core.price.Money;
import dev.sluice.server.admission.RequestScopes;
import dev.sluice.server.store.Database;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** A budget service over a fresh SQLite store, a fake ledger and a clock the test owns. */
final class Fixture implements AutoCloseable {
  static final Instant T0 = Instant.parse("2025-06-14T12:00:00Z");
  static final long CENT = Money.NANOS_PER_USD / 100;

  final Database db;
  final BudgetRepository budgets;
  final CreditRepository credits;
  final FakeSpend ledger = new FakeSpend();
  final MutableClock clock = new MutableClock(T0);
  BudgetService service;

  Fixture(Path dir) {
    db = Database.open("sqlite:" + dir.resolve("sluice.db"));
    budgets = new BudgetRepository(db);
    credits = new CreditRepository(db);
  }

  /** Starts the service with no periodic refresh (tests call reload) and the given webhook. */
  BudgetService start(URI webhook, BudgetService.Options options) {
    service = new BudgetService(budgets, credits, ledger, clock, webhook, options).start();
    return service;
  }

  BudgetService start() {
    return start(null, options());
  }

  static BudgetService.Options options() {
    return new BudgetService.Options(Duration.ofMinutes(15), Duration.ofSeconds(2), Duration.ZERO, 3,
        Duration.ofMillis(50));
  }

  Budget budget(String scope, BudgetPeriod period, long limitNanos) {
    return budgets.set(BudgetScope.parse(scope), period, limitNanos, false, T0).budget();
  }

  static RequestScopes key(String keyId) {
    return new RequestScopes(keyId, null, null, null, "gpt-4o-mini", Map.of());
  }

  static RequestScopes request(String keyId, String user, String team, String org, Map<String, String> tags) {
    return new RequestScopes(keyId, user, team, org, "gpt-4o-mini", tags);
  }

  @Override
  public void close() {
    if (service != null) {
      service.close();
    }
  }
}
