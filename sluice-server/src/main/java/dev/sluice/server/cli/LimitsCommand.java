package dev.sluice.server.cli;

import dev.sluice.core.error.GatewayException;
import dev.sluice.server.config.ConfigException;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.limit.KnownModels;
import dev.sluice.server.limit.LimitInput;
import dev.sluice.server.limit.LimitKind;
import dev.sluice.server.limit.LimitRule;
import dev.sluice.server.limit.LimitRuleRepository;
import dev.sluice.server.store.Database;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice limits set|list|delete}: rate limit rules, straight on the store (works while the gateway
 * runs; a running gateway applies changes when it next reloads its rules).
 */
@Command(name = "limits", description = "Manage rate limits (requests/tokens per minute, concurrent requests).",
    mixinStandardHelpOptions = true,
    subcommands = {LimitsCommand.SetLimits.class, LimitsCommand.ListLimits.class, LimitsCommand.Delete.class})
public final class LimitsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The store and the model check, from the same configuration the gateway reads. */
  private record Store(LimitRuleRepository rules, Predicate<String> knownModel) {
    static Store open(ConfigSource source) {
      SluiceConfig config = source.load(System.getenv());
      return new Store(new LimitRuleRepository(Database.open(config.store().url())), KnownModels.from(config));
    }
  }

  @Command(name = "set", mixinStandardHelpOptions = true,
      description = "Set limits for a scope; a limit already set for that scope and kind is replaced.")
  static final class SetLimits implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConfigSource configSource;

    @Option(names = "--scope", required = true, paramLabel = "TYPE:ID",
        description = "key:key_.., user:ID, team:ID, org:ID, model:NAME or tag:NAME=VALUE; ID * means each"
            + " (tag:NAME=* each value).")
    String scope;

    @Option(names = "--rpm", paramLabel = "N", description = "Requests per minute.")
    Long rpm;

    @Option(names = "--tpm", paramLabel = "N", description = "Tokens per minute (prompt and completion).")
    Long tpm;

    @Option(names = "--concurrency", paramLabel = "N", description = "Requests in flight at once.")
    Long concurrency;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Map<LimitKind, Long> asked = new LinkedHashMap<>();
      putIfSet(asked, LimitKind.RPM, rpm);
      putIfSet(asked, LimitKind.TPM, tpm);
      putIfSet(asked, LimitKind.CONCURRENCY, concurrency);
      if (asked.isEmpty()) {
        err.println("Give at least one of --rpm, --tpm, --concurrency.");
        return 2;
      }
      try {
        Store store = Store.open(configSource);
        List<LimitInput> inputs = new ArrayList<>();
        for (Map.Entry<LimitKind, Long> e : asked.entrySet()) {
          inputs.add(validate(e.getKey(), e.getValue(), store.knownModel(), err));
        }
        if (inputs.contains(null)) {
          return 2; // nothing written unless every limit is valid
        }
        Instant now = Instant.now();
        for (LimitInput input : inputs) {
          LimitRuleRepository.Saved saved = store.rules().set(input, now);
          out.println((saved.created() ? "Set " : "Replaced ") + saved.rule().describe() + " (" + saved.rule().id()
              + ").");
        }
        return 0;
      } catch (ConfigException e) {
        err.println(e.getMessage());
        return 2;
      }
    }

    private LimitInput validate(LimitKind kind, long limit, Predicate<String> knownModel, PrintWriter err) {
      try {
        return LimitInput.parse(scope, kind.wireName(), limit, knownModel);
      } catch (GatewayException e) {
        err.println(("scope".equals(e.param()) ? "--scope" : "--" + kind.wireName()) + ": " + e.getMessage());
        return null;
      }
    }

    private static void putIfSet(Map<LimitKind, Long> asked, LimitKind kind, Long value) {
      if (value != null) {
        asked.put(kind, value);
      }
    }
  }

  @Command(name = "list", description = "List rate limits.", mixinStandardHelpOptions = true)
  static final class ListLimits implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConfigSource configSource;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try {
        List<LimitRule> rules = Store.open(configSource).rules().list();
        out.printf("%-22s %-40s %-12s %12s  %s%n", "ID", "SCOPE", "KIND", "LIMIT", "CREATED");
        for (LimitRule r : rules) {
          out.printf("%-22s %-40s %-12s %12d  %s%n", r.id(), r.scope(), r.kind().wireName(), r.limit(),
              r.createdAt());
        }
        return 0;
      } catch (ConfigException e) {
        spec.commandLine().getErr().println(e.getMessage());
        return 2;
      }
    }
  }

  @Command(name = "delete", description = "Delete a rate limit by its id.", mixinStandardHelpOptions = true)
  static final class Delete implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConfigSource configSource;

    @Parameters(paramLabel = "ID", description = "The limit's id, as 'limits list' shows it (lim_...).")
    String id;

    @Override
    public Integer call() {
      try {
        if (Store.open(configSource).rules().delete(id)) {
          spec.commandLine().getOut().println("Deleted " + id + ".");
          return 0;
        }
        spec.commandLine().getErr().println("No rate limit with id " + id + ".");
        return 1;
      } catch (ConfigException e) {
        spec.commandLine().getErr().println(e.getMessage());
        return 2;
      }
    }
  }
}
