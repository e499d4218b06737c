package dev.sluice.server.cli;

import dev.sluice.core.price.Money;
import dev.sluice.server.config.ConfigException;
import dev.sluice.server.config.Durations;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.ledger.LedgerStore;
import dev.sluice.server.ledger.UsageRow;
import dev.sluice.server.store.Database;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sluice usage}: spend from the usage ledger, grouped by key, team, org, user, model or provider. */
@Command(name = "usage", description = "Show spend from the usage ledger.", mixinStandardHelpOptions = true)
final class UsageCommand implements Callable<Integer> {
  @Mixin ConfigSource configSource;

  @Option(names = "--since", defaultValue = "7d", description = "How far back, e.g. 24h, 7d, 30d (default: 7d).")
  String since;

  @Option(names = "--by", defaultValue = "model", description = "key, team, org, user, model or provider (default: model).")
  String by;

  @Override
  public Integer call() {
    Duration window;
    try {
      window = parseSince(since);
    } catch (IllegalArgumentException e) {
      System.err.println("--since: " + e.getMessage());
      return 2;
    }
    try {
      SluiceConfig config = configSource.load(System.getenv());
      List<UsageRow> rows = new LedgerStore(Database.open(config.store().url())).usage(Instant.now().minus(window), by);
      System.out.printf("%-40s %9s %9s %12s %12s %18s %9s%n", by.toUpperCase(java.util.Locale.ROOT), "REQUESTS",
          "ATTEMPTS", "INPUT_TOK", "OUTPUT_TOK", "COST_USD", "UNPRICED");
      for (UsageRow r : rows) {
        System.out.printf("%-40s %9d %9d %12d %12d %18s %9d%n", r.group() == null ? "-" : r.group(), r.requests(),
            r.attempts(), r.inputTokens(), r.outputTokens(), Money.usd(r.costNanos()), r.unpriced());
      }
      return 0;
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      return 2;
    } catch (IllegalArgumentException e) {
      System.err.println("--by: " + e.getMessage());
      return 2;
    }
  }

  /** "7d", "24h", "30m" and the other duration forms of the configuration. */
  static Duration parseSince(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    if (t.endsWith("d") && t.length() > 1 && t.substring(0, t.length() - 1).chars().allMatch(Character::isDigit)) {
      return Duration.ofDays(Long.parseLong(t.substring(0, t.length() - 1)));
    }
    return Durations.parse(t);
  }
}
