package dev.sluice.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.budget.BudgetPeriod;
import dev.sluice.core.error.GatewayException;
import dev.sluice.server.admission.Budgets;
import dev.sluice.server.admission.RequestScopes;
import dev.sluice.server.budget.BudgetRepository;
import dev.sluice.server.budget.BudgetService;
import dev.sluice.server.budget.CreditRepository;
import dev.sluice.server.store.Database;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import dev.sluice.server.cli.CliProcess.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code sluice budgets} and {@code sluice credits} on a store a gateway's budget service then enforces, and
 * {@code sluice keys create --user --team --org --max-cost} as a user runs it (a separate JVM, like
 * {@link CliTest}). The budgets and credits commands run in-process until they are registered in
 * {@link SluiceCli}.
 */
class BudgetsCliTest {
  @TempDir Path dir;


  private Run inProcess(Object command, String... args) throws IOException {
    Path config = dir.resolve("sluice.yaml");
    if (!Files.exists(config)) {
      Files.writeString(config, "store:\n  url: \"sqlite:" + dir.resolve("data/sluice.db") + "\"\n");
    }
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--config");
    all.add(config.toString());
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int exit = new CommandLine(command).execute(all.toArray(String[]::new));
      return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void budgetsSetOnTheCommandLineAreEnforcedListedAndDeleted() throws Exception {
    Run set = inProcess(new BudgetsCommand(), "set", "--scope", "team:ml", "--period", "daily", "--limit", "0.50usd",
        "--refuse-unpriced");
    assertThat(set.exit()).as(set.err()).isZero();
    String id = set.out().trim();
    assertThat(id).startsWith("bud_");
    assertThat(set.err()).contains("Created").contains("team:ml daily limit $0.50").contains("refusing unpriced");

    Run replaced = inProcess(new BudgetsCommand(), "set", "--scope", "team:ml", "--period", "daily", "--limit", "$2");
    assertThat(replaced.out().trim()).isEqualTo(id);
    assertThat(replaced.err()).contains("Replaced");
    inProcess(new BudgetsCommand(), "set", "--scope", "key:*", "--period", "monthly", "--limit", "10");

    Run listed = inProcess(new BudgetsCommand(), "list");
    assertThat(listed.exit()).as(listed.err()).isZero();
    assertThat(listed.out()).contains(id).contains("team:ml").contains("daily").contains("$2.00").contains("$0.00")
        .contains("key:*").contains("(each)").contains("allowed");

    Database db = Database.open("sqlite:" + dir.resolve("data/sluice.db"));
    try (BudgetService service = new BudgetService(new BudgetRepository(db), new CreditRepository(db),
        (type, scope, from, to) -> 0, InstantSource.system(), null).start()) {
      RequestScopes ml = new RequestScopes("key_a", null, "ml", null, "fast", Map.of());
      Budgets.Reservation r = service.reserve(ml, 1_900_000_000L, false);
      try {
        service.reserve(ml, 200_000_000L, false);
        throw new AssertionError("the CLI's budget was not enforced");
      } catch (GatewayException refused) {
        assertThat(refused.getMessage()).contains(id).contains("$2.00");
      }
      r.release();

      Run deleted = inProcess(new BudgetsCommand(), "delete", id);
      assertThat(deleted.exit()).as(deleted.err()).isZero();
      service.reload(); // what the running gateway does every few seconds
      assertThat(service.budgets()).extracting(s -> s.budget().period()).containsExactly(BudgetPeriod.MONTHLY);
    }
    Run again = inProcess(new BudgetsCommand(), "delete", id);
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("No budget with id " + id);
  }

  @Test
  void badBudgetOptionsNameTheOption() throws Exception {
    Run scope = inProcess(new BudgetsCommand(), "set", "--scope", "squad:ml", "--period", "daily", "--limit", "5");
    assertThat(scope.exit()).isEqualTo(2);
    assertThat(scope.err()).contains("--scope").contains("Unknown scope type 'squad'");
    Run period = inProcess(new BudgetsCommand(), "set", "--scope", "team:ml", "--period", "hourly", "--limit", "5");
    assertThat(period.err()).contains("--period").contains("daily, weekly, monthly, total");
    Run limit = inProcess(new BudgetsCommand(), "set", "--scope", "team:ml", "--period", "daily", "--limit", "-5");
    assertThat(limit.exit()).isEqualTo(2);
    assertThat(limit.err()).contains("--limit").contains("negative");
  }

  @Test
  void creditsAddedOnTheCommandLineShowUpWithTheirBalance() throws Exception {
    Run added = inProcess(new CreditsCommand(), "add", "--org", "acme", "--amount", "100usd", "--note", "PO-7");
    assertThat(added.exit()).as(added.err()).isZero();
    assertThat(added.out().trim()).startsWith("cr_");
    inProcess(new CreditsCommand(), "add", "--org", "acme", "--amount", "25.5");

    Run shown = inProcess(new CreditsCommand(), "show", "--org", "acme");
    assertThat(shown.exit()).as(shown.err()).isZero();
    assertThat(shown.out()).contains("granted  $125.50").contains("spent    $0.00").contains("balance  $125.50")
        .contains("PO-7").contains("$25.50");

    Run zero = inProcess(new CreditsCommand(), "add", "--org", "acme", "--amount", "0");
    assertThat(zero.exit()).isEqualTo(2);
    assertThat(zero.err()).contains("--amount");
    Run negative = inProcess(new CreditsCommand(), "add", "--org", "acme", "--amount", "-3usd");
    assertThat(negative.err()).contains("--amount").contains("negative");
  }

  @Test
  void keysCarryUserTeamOrgAndCostCap() throws Exception {
    Map<String, String> env = Map.of("SLUICE_DATA_DIR", dir.resolve("keys").toString());
    Run created = sluice(env, "keys", "create", "--name", "ci", "--user", "ann", "--team", "ml", "--org", "acme",
        "--max-cost", "0.50usd");
    assertThat(created.exit()).as(created.err()).isZero();
    assertThat(created.out().trim()).startsWith("sk-sluice-");

    Run listed = sluice(env, "keys", "list");
    assertThat(listed.out()).contains("USER").contains("MAX_COST");
    String line = listed.out().lines().filter(l -> l.contains(" ci ")).findFirst().orElseThrow();
    assertThat(line).contains(" ann ").contains(" ml ").contains(" acme ").contains("$0.50");

    Run bad = sluice(env, "keys", "create", "--name", "x", "--max-cost", "lots");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("--max-cost");
  }

  private Run sluice(Map<String, String> env, String... args) throws Exception {
    return CliProcess.sluice(dir, env, args);
  }

}
