package dev.sluice.server.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.cli.LimitsCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sluice limits ...} in-process, on a store named by a configuration file. */
class LimitsCommandTest {
  @TempDir Path dir;
  private Path config;

  record Run(int exit, String out, String err) {}

  @BeforeEach
  void writeConfig() throws Exception {
    config = dir.resolve("sluice.yaml");
    Files.writeString(config, """
        store:
          url: sqlite:%s
        providers:
          - name: openai
            protocol: openai
            base_url: https://api.openai.com/v1
            api_key: none
        models:
          - name: smart
            deployments: [openai/gpt-4o]
        """.formatted(dir.resolve("sluice.db")));
  }

  private Run limits(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of(args));
    if (all.size() > 0 && !all.get(0).startsWith("-")) {
      all.addAll(1, List.of("--config", config.toString()));
    }
    int exit = new CommandLine(new LimitsCommand())
        .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
        .execute(all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void setListReplaceAndDelete() {
    Run set = limits("set", "--scope", "team:ml", "--rpm", "60", "--tpm", "100000", "--concurrency", "5");
    assertThat(set.exit()).as(set.err()).isZero();
    assertThat(set.out()).contains("Set team:ml rpm 60 (lim_", "Set team:ml tpm 100000 (lim_",
        "Set team:ml concurrency 5 (lim_");

    Run listed = limits("list");
    assertThat(listed.exit()).isZero();
    assertThat(listed.out().lines()).hasSize(4).first().asString().startsWith("ID");
    String rpmLine = listed.out().lines().filter(l -> l.contains(" rpm ")).findFirst().orElseThrow();
    assertThat(rpmLine).contains("team:ml").contains("60");
    String rpmId = rpmLine.split("\\s+")[0];

    Run replaced = limits("set", "--scope", "team:ml", "--rpm", "30");
    assertThat(replaced.out()).contains("Replaced team:ml rpm 30 (" + rpmId + ")");

    assertThat(limits("delete", rpmId).exit()).isZero();
    Run again = limits("delete", rpmId);
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("No rate limit with id " + rpmId);
    assertThat(limits("list").out()).doesNotContain(rpmId).contains("tpm").contains("concurrency");
  }

  @Test
  void modelScopesAreCheckedAgainstTheConfiguration() {
    assertThat(limits("set", "--scope", "model:smart", "--rpm", "10").exit()).isZero();
    assertThat(limits("set", "--scope", "model:openai/gpt-4o-mini", "--tpm", "10").exit()).isZero();
    Run unknown = limits("set", "--scope", "model:gpt-5", "--rpm", "10");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("--scope: model \"gpt-5\" is neither a model alias nor provider/model");
  }

  @Test
  void badInputNamesTheOptionAndWritesNothing() {
    Run zero = limits("set", "--scope", "team:web", "--rpm", "10", "--tpm", "0");
    assertThat(zero.exit()).isEqualTo(2);
    assertThat(zero.err()).contains("--tpm: limit must be a positive integer");
    assertThat(limits("list").out()).doesNotContain("team:web");

    Run negative = limits("set", "--scope", "team:web", "--concurrency", "-1");
    assertThat(negative.exit()).isEqualTo(2);
    assertThat(negative.err()).contains("--concurrency: limit must be a positive integer");

    Run scope = limits("set", "--scope", "planet:mars", "--rpm", "1");
    assertThat(scope.err()).contains("--scope: scope type \"planet\" is unknown");

    Run nothing = limits("set", "--scope", "team:web");
    assertThat(nothing.exit()).isEqualTo(2);
    assertThat(nothing.err()).contains("at least one of --rpm, --tpm, --concurrency");
  }
}
