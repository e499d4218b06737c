package dev.sluice.server.cli;

import dev.sluice.server.config.ConfigLoader;
import dev.sluice.server.config.SluiceConfig;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** The {@code --config} option shared by commands; falls back to SLUICE_CONFIG, then to built-in defaults. */
final class ConfigSource {
  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "Configuration file (YAML). Default: $SLUICE_CONFIG, else built-in defaults.")
  Path file;

  SluiceConfig load(Map<String, String> env) {
    Path chosen = file != null ? file : env.containsKey("SLUICE_CONFIG") ? Path.of(env.get("SLUICE_CONFIG")) : null;
    return chosen == null ? ConfigLoader.defaults(env) : ConfigLoader.load(chosen, env);
  }
}
