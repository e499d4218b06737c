package dev.sluice.bench.jmh;

import java.io.IOException;
import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the JMH benchmarks of the hot pure functions (this package), then prints JMH's results table.
 *
 * <p>Usage: {@code java -cp 'sluice-bench/target/sluice-bench.jar:sluice-bench/target/lib/*'
 * dev.sluice.bench.jmh.JmhMain [regex...] [jmh options]}. With no regex, every benchmark here runs (about
 * four minutes on two cores); a regex selects by benchmark name, e.g. {@code SseParser} or
 * {@code 'OpenAiChatRequestBench.parse$'}. Any JMH command-line option works as well, e.g. {@code -f 3}
 * (forks), {@code -i 10} (measurement iterations), {@code -p chunk=whole}, {@code -rf json -rff out.json},
 * {@code -prof gc}, {@code -l} (list), {@code -h} (help). The annotations' defaults (1 fork, 3 × 1 s warm-up,
 * 5 × 1 s measurement) are sized for a small VM: fine for spotting a regression of 2× or more, not 5 %.
 * Two warm-up seconds were not enough: the request parser and the planner were still 30-50 % slow in the
 * second.
 *
 * <p>The benchmark list is {@code META-INF/BenchmarkList}, written into the jar at compile time by JMH's
 * annotation processor; forks are launched with this JVM's class path.
 */
public final class JmhMain {
  /** What runs when no regex is given: the benchmarks of this package. */
  static final String ALL = "dev\\.sluice\\.bench\\.jmh\\..*";

  private JmhMain() {}

  public static void main(String[] args) throws IOException, RunnerException {
    CommandLineOptions cli;
    try {
      cli = new CommandLineOptions(args);
    } catch (CommandLineOptionException e) {
      System.err.println("Error parsing the command line: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (cli.shouldHelp()) {
      cli.showHelp();
      return;
    }
    if (cli.shouldListProfilers()) {
      cli.listProfilers();
      return;
    }
    if (cli.shouldListResultFormats()) {
      cli.listResultFormats();
      return;
    }
    OptionsBuilder options = new OptionsBuilder();
    options.parent(cli);
    if (cli.getIncludes().isEmpty()) {
      options.include(ALL);
    }
    Runner runner = new Runner(options.build());
    if (cli.shouldList()) {
      runner.list();
      return;
    }
    if (cli.shouldListWithParams()) {
      runner.listWithParams(cli);
      return;
    }
    try {
      Collection<RunResult> results = runner.run(); // JMH prints the table at the end
      if (results.isEmpty()) {
        System.exit(1);
      }
    } catch (NoBenchmarksException e) {
      System.err.println("No benchmark matches " + String.join(" ", cli.getIncludes()) + "; the list:");
      runner.list();
      System.exit(1);
    }
  }
}
