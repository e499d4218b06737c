package dev.sluice.server.cli;

import dev.sluice.core.budget.BudgetPeriod;
import dev.sluice.core.price.Money;
import dev.sluice.server.admission.SpendSource;
import dev.sluice.server.budget.Budget;
import dev.sluice.server.budget.BudgetRepository;
import dev.sluice.server.budget.BudgetScope;
import dev.sluice.server.budget.Periods;
import dev.sluice.server.budget.Usd;
import dev.sluice.server.config.ConfigException;
import dev.sluice.server.ledger.LedgerStore;
import dev.sluice.server.store.Database;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice budgets set|list|delete}: budgets, straight on the store. A running gateway picks changes up
 * within seconds (it re-reads budgets periodically). Spend shown here is what the usage ledger in the store
 * has; live reservations exist only inside a running gateway ({@code GET /admin/budgets}).
 */
@Command(name = "budgets", description = "Manage budgets (spending caps per key, user, team, org, model or tag).",
    mixinStandardHelpOptions = true,
    subcommands = {BudgetsCommand.Set.class, BudgetsCommand.ListBudgets.class, BudgetsCommand.Delete.class})
final class BudgetsCommand implements Runnable {
  @Override
  public void run() {
    picocli.CommandLine.usage(this, System.out);
  }

  static Database openStore(ConfigSource source) {
    return Database.open(source.load(System.getenv()).store().url());
  }

  @Command(name = "set", description = "Create a budget, or replace the limit of the scope's budget for that period.",
      mixinStandardHelpOptions = true)
  static final class Set implements Callable<Integer> {
    @Mixin ConfigSource configSource;

    @Option(names = "--scope", required = true, paramLabel = "TYPE:ID",
        description = "What it caps: key:ID, user:ID, team:ID, org:ID, model:NAME or tag:NAME=VALUE;"
            + " ID * means each one separately (key:* gives every key its own budget).")
    String scope;

    @Option(names = "--period", required = true, description = "daily, weekly, monthly (UTC calendar) or total.")
    String period;

    @Option(names = "--limit", required = true, paramLabel = "USD", description = "The cap, e.g. 50usd or 0.25.")
    String limit;

    @Option(names = "--refuse-unpriced", description = "Refuse requests to models with no known price.")
    boolean refuseUnpriced;

    @Override
    public Integer call() {
      BudgetScope parsedScope;
      BudgetPeriod parsedPeriod;
      long limitNanos;
      try {
        parsedScope = BudgetScope.parse(scope);
      } catch (IllegalArgumentException e) {
        return usage("--scope", e);
      }
      try {
        parsedPeriod = Periods.parse(period);
      } catch (IllegalArgumentException e) {
        return usage("--period", e);
      }
      try {
        limitNanos = Money.parseUsd(limit);
      } catch (IllegalArgumentException e) {
        return usage("--limit", e);
      }
      try {
        BudgetRepository.Saved saved = new BudgetRepository(openStore(configSource))
            .set(parsedScope, parsedPeriod, limitNanos, refuseUnpriced, Instant.now());
        Budget b = saved.budget();
        System.out.println(b.id());
        System.err.println((saved.created() ? "Created " : "Replaced ") + b.id() + ": " + b.scope().wire() + " "
            + Periods.wireName(b.period()) + " limit " + Usd.display(b.limitNanos())
            + (b.refuseUnpriced() ? ", refusing unpriced models" : "") + ".");
        return 0;
      } catch (ConfigException e) {
        System.err.println(e.getMessage());
        return 2;
      }
    }
  }

  @Command(name = "list", description = "List budgets with the spend the usage ledger has in their current window.",
      mixinStandardHelpOptions = true)
  static final class ListBudgets implements Callable<Integer> {
    @Mixin ConfigSource configSource;

    @Override
    public Integer call() {
      try {
        Database db = openStore(configSource);
        SpendSource ledger = new LedgerStore(db);
        List<Budget> budgets = new BudgetRepository(db).list();
        String format = "%-21s %-30s %-8s %-14s %-14s %s%n";
        System.out.printf(format, "ID", "SCOPE", "PERIOD", "LIMIT", "SETTLED", "UNPRICED");
        Instant now = Instant.now();
        for (Budget b : budgets) {
          // a per-id budget (key:*) has a window per id: see 'sluice usage' or GET /admin/budgets
          String settled = b.scope().isEach() ? "(each)" : Usd.display(ledger.spendNanos(b.scope().type(),
              b.scope().id(), b.period().windowStart(now), end(b.period(), now)));
          System.out.printf(format, b.id(), b.scope().wire(), Periods.wireName(b.period()),
              Usd.display(b.limitNanos()), settled, b.refuseUnpriced() ? "refused" : "allowed");
        }
        return 0;
      } catch (ConfigException e) {
        System.err.println(e.getMessage());
        return 2;
      }
    }
  }

  @Command(name = "delete", description = "Delete a budget by its id.", mixinStandardHelpOptions = true)
  static final class Delete implements Callable<Integer> {
    @Mixin ConfigSource configSource;

    @Parameters(paramLabel = "BUDGET_ID", description = "The budget's id, as 'budgets list' shows it (bud_...).")
    String id;

    @Override
    public Integer call() {
      try {
        if (new BudgetRepository(openStore(configSource)).delete(id)) {
          System.out.println("Deleted " + id + ". Running gateways stop enforcing it within seconds.");
          return 0;
        }
        System.err.println("No budget with id " + id + ".");
        return 1;
      } catch (ConfigException e) {
        System.err.println(e.getMessage());
        return 2;
      }
    }
  }

  /** The end of a spend query: the window's end, or (TOTAL) a day from now. */
  static Instant end(BudgetPeriod period, Instant now) {
    Instant end = period.windowEnd(now);
    return end == null ? now.plusSeconds(86_400) : end;
  }

  static int usage(String option, IllegalArgumentException e) {
    System.err.println(option + ": " + e.getMessage());
    return 2;
  }
}
