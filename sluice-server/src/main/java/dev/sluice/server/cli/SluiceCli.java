package dev.sluice.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sluice} command line: serve, keys, config. */
@Command(
    name = "sluice",
    mixinStandardHelpOptions = true,
    version = "sluice 0.1.0",
    description = "A self-hosted AI gateway.",
    subcommands = {ServeCommand.class, KeysCommand.class, ConfigCommand.class, LimitsCommand.class, BudgetsCommand.class,
        CreditsCommand.class, UsageCommand.class})
public final class SluiceCli implements Runnable {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (tests call this instead of main). */
  public static int run(String... args) {
    return new CommandLine(new SluiceCli()).execute(args);
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }
}
