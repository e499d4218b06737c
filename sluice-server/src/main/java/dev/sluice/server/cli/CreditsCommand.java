package dev.sluice.server.cli;

import dev.sluice.core.budget.BudgetPeriod;
import dev.sluice.core.price.Money;
import dev.sluice.server.admission.ScopeType;
import dev.sluice.server.budget.CreditGrant;
import dev.sluice.server.budget.CreditRepository;
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

/**
 * {@code sluice credits add|show}: prepaid credits per org, straight on the store. Once an org has credits, its
 * requests must fit its balance (granted minus all-time spend minus live reservations).
 */
@Command(name = "credits", description = "Manage prepaid credits per organisation.", mixinStandardHelpOptions = true,
    subcommands = {CreditsCommand.Add.class, CreditsCommand.Show.class})
final class CreditsCommand implements Runnable {
  @Override
  public void run() {
    picocli.CommandLine.usage(this, System.out);
  }

  @Command(name = "add", description = "Add prepaid credit to an org.", mixinStandardHelpOptions = true)
  static final class Add implements Callable<Integer> {
    @Mixin ConfigSource configSource;

    @Option(names = "--org", required = true, description = "The organisation, as keys carry it (--org on keys).")
    String org;

    @Option(names = "--amount", required = true, paramLabel = "USD", description = "The credit, e.g. 100usd.")
    String amount;

    @Option(names = "--note", description = "Why (an invoice number, a trial, ...).")
    String note;

    @Override
    public Integer call() {
      if (org.isBlank()) {
        System.err.println("--org: an organisation id is required");
        return 2;
      }
      long nanos;
      try {
        nanos = Money.parseUsd(amount);
      } catch (IllegalArgumentException e) {
        return BudgetsCommand.usage("--amount", e);
      }
      if (nanos == 0) {
        System.err.println("--amount: a grant must be more than 0");
        return 2;
      }
      try {
        CreditGrant grant = new CreditRepository(BudgetsCommand.openStore(configSource))
            .add(org.strip(), nanos, note, Instant.now());
        System.out.println(grant.id());
        System.err.println("Added " + Usd.display(nanos) + " of credit to org " + grant.org() + ".");
        return 0;
      } catch (ConfigException e) {
        System.err.println(e.getMessage());
        return 2;
      }
    }
  }

  @Command(name = "show", description = "Show an org's grants, spend and balance.", mixinStandardHelpOptions = true)
  static final class Show implements Callable<Integer> {
    @Mixin ConfigSource configSource;

    @Option(names = "--org", required = true, description = "The organisation.")
    String org;

    @Override
    public Integer call() {
      try {
        Database db = BudgetsCommand.openStore(configSource);
        List<CreditGrant> grants = new CreditRepository(db).list(org);
        long granted = grants.stream().mapToLong(CreditGrant::amountNanos).sum();
        Instant now = Instant.now();
        long spent = new LedgerStore(db).spendNanos(ScopeType.ORG, org, Instant.EPOCH,
            BudgetsCommand.end(BudgetPeriod.TOTAL, now));
        System.out.println("org      " + org);
        System.out.println("granted  " + Usd.display(granted));
        System.out.println("spent    " + Usd.display(spent) + " (all time, as the usage ledger has it)");
        System.out.println("balance  " + Usd.display(granted - spent)
            + " (less any live reservations in a running gateway: GET /admin/credits?org=" + org + ")");
        if (!grants.isEmpty()) {
          System.out.println();
          System.out.printf("%-20s %-24s %-14s %s%n", "ID", "CREATED", "AMOUNT", "NOTE");
          for (CreditGrant g : grants) {
            System.out.printf("%-20s %-24s %-14s %s%n", g.id(), g.createdAt(), Usd.display(g.amountNanos()),
                g.note() == null ? "-" : g.note());
          }
        }
        return 0;
      } catch (ConfigException e) {
        System.err.println(e.getMessage());
        return 2;
      }
    }
  }
}
