package dev.sluice.server.cli;

import dev.sluice.server.config.ConfigException;
import dev.sluice.server.config.ConfigLoader;
import dev.sluice.server.config.SluiceConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sluice config check FILE}: validates a configuration; errors name the file, the path and the fix. */
@Command(name = "config", description = "Work with configuration files.", mixinStandardHelpOptions = true,
    subcommands = {ConfigCommand.Check.class})
final class ConfigCommand implements Runnable {
  @Override
  public void run() {
    picocli.CommandLine.usage(this, System.out);
  }

  @Command(name = "check", description = "Validate a configuration file.", mixinStandardHelpOptions = true)
  static final class Check implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The YAML file to check.")
    Path file;

    @Override
    public Integer call() {
      try {
        SluiceConfig config = ConfigLoader.load(file, System.getenv());
        System.out.println(file + ": ok (" + config.providers().size() + " providers, "
            + config.models().size() + " virtual models, listening on " + config.server().host() + ":"
            + config.server().port() + ")");
        return 0;
      } catch (ConfigException e) {
        System.err.println(e.getMessage());
        return 2;
      }
    }
  }
}
