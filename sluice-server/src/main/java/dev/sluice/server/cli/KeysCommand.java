package dev.sluice.server.cli;

import dev.sluice.core.error.GatewayException;
import dev.sluice.core.key.KeyHasher;
import dev.sluice.core.price.Money;
import dev.sluice.server.auth.HashSecret;
import dev.sluice.server.auth.KeyService;
import dev.sluice.server.budget.Usd;
import dev.sluice.server.config.ConfigException;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.store.Database;
import dev.sluice.server.store.KeyRepository;
import dev.sluice.server.store.VirtualKey;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice keys create|list|revoke}: virtual keys, straight on the store (works while the gateway runs). */
@Command(name = "keys", description = "Manage virtual keys.", mixinStandardHelpOptions = true,
    subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand implements Runnable {
  @Override
  public void run() {
    picocli.CommandLine.usage(this, System.out);
  }

  static KeyService open(ConfigSource source) {
    Map<String, String> env = System.getenv();
    SluiceConfig config = source.load(env);
    Database db = Database.open(config.store().url());
    return new KeyService(new KeyRepository(db),
        new KeyHasher(HashSecret.load(config.store().dataDir(), env)), InstantSource.system());
  }

  @Command(name = "create", description = "Create a key and print it once.", mixinStandardHelpOptions = true)
  static final class Create implements Callable<Integer> {
    @Mixin ConfigSource configSource;

    @Option(names = "--name", required = true, description = "A name for the key (who or what uses it).")
    String name;

    @Option(names = "--expires-in-days", description = "Days until the key stops working (default: never).")
    Integer expiresInDays;

    @Option(names = "--routing", paramLabel = "JSON",
        description = "Routing defaults for this key's requests, as an OpenRouter-style provider object,"
            + " e.g. '{\"order\":[\"groq\",\"openai\"],\"data_collection\":\"deny\"}'.")
    String routing;

    @Option(names = "--user", description = "The user the key belongs to (budgets, limits, usage).")
    String user;

    @Option(names = "--team", description = "The key's team (budgets, limits, usage).")
    String team;

    @Option(names = "--org", description = "The key's organisation (budgets, prepaid credits, usage).")
    String org;

    @Option(names = "--max-cost", paramLabel = "USD",
        description = "Refuse any request whose worst-case cost exceeds this, e.g. 0.50usd.")
    String maxCost;

    @Override
    public Integer call() {
      Long maxCostNanos;
      try {
        maxCostNanos = maxCost == null ? null : Money.parseUsd(maxCost);
      } catch (IllegalArgumentException e) {
        System.err.println("--max-cost: " + e.getMessage());
        return 2;
      }
      try {
        Instant expires = expiresInDays == null ? null : Instant.now().plus(Duration.ofDays(expiresInDays));
        KeyService.IssuedKey issued = open(configSource).issue(name,
            new KeyService.KeyOptions(expires, routing, user, team, org, maxCostNanos));
        System.out.println(issued.plaintext());
        System.err.println("Created " + issued.key().id() + " (" + name + "). The key above is shown only once;"
            + " only its hash is stored.");
        return 0;
      } catch (ConfigException e) {
        System.err.println(e.getMessage());
        return 2;
      } catch (GatewayException e) {
        System.err.println("--routing: " + e.getMessage());
        return 2;
      }
    }
  }

  @Command(name = "list", description = "List keys (never the keys themselves).", mixinStandardHelpOptions = true)
  static final class ListKeys implements Callable<Integer> {
    @Mixin ConfigSource configSource;

    @Override
    public Integer call() {
      try {
        String format = "%-22s %-20s %-22s %-24s %-8s %-12s %-12s %-12s %-10s %s%n";
        System.out.printf(format, "ID", "NAME", "HINT", "CREATED", "STATE", "USER", "TEAM", "ORG", "MAX_COST",
            "ROUTING");
        Instant now = Instant.now();
        for (VirtualKey k : open(configSource).list()) {
          String state = k.revokedAt() != null ? "revoked" : k.isActiveAt(now) ? "active" : "expired";
          System.out.printf(format, k.id(), k.name(), k.hint(), k.createdAt(), state, orDash(k.user()),
              orDash(k.team()), orDash(k.org()), k.maxCostNanos() == null ? "-" : Usd.display(k.maxCostNanos()),
              k.routingJson() == null ? "-" : k.routingJson());
        }
        return 0;
      } catch (ConfigException e) {
        System.err.println(e.getMessage());
        return 2;
      }
    }
  }

  private static String orDash(String s) {
    return s == null ? "-" : s;
  }

  @Command(name = "revoke", description = "Revoke a key by its id.", mixinStandardHelpOptions = true)
  static final class Revoke implements Callable<Integer> {
    @Mixin ConfigSource configSource;

    @Parameters(paramLabel = "KEY_ID", description = "The key's id, as 'keys list' shows it (key_...).")
    String id;

    @Override
    public Integer call() {
      try {
        if (open(configSource).revoke(id)) {
          System.out.println("Revoked " + id + ". Running gateways refuse it within seconds.");
          return 0;
        }
        System.err.println("No active key with id " + id + ".");
        return 1;
      } catch (ConfigException e) {
        System.err.println(e.getMessage());
        return 2;
      }
    }
  }
}
