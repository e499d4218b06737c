package dev.sluice.server.cli;

import dev.sluice.server.Gateway;
import dev.sluice.server.auth.KeyService;
import dev.sluice.server.config.ConfigException;
import dev.sluice.server.config.SluiceConfig;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sluice serve}: runs the gateway until interrupted. */
@Command(name = "serve", description = "Run the gateway.", mixinStandardHelpOptions = true)
final class ServeCommand implements Callable<Integer> {
  @Mixin ConfigSource configSource;

  @Override
  public Integer call() throws InterruptedException {
    Map<String, String> env = System.getenv();
    SluiceConfig config;
    try {
      config = configSource.load(env);
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    Gateway gateway = Gateway.start(config, env);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> { // SIGTERM, SIGINT: drain, then stop
      gateway.close(config.server().shutdownGrace());
      stopped.countDown();
    }, "sluice-shutdown"));
    long startupMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    System.out.println("Sluice listening on " + gateway.baseUrl() + " (config: " + config.source()
        + ", started in " + startupMs + " ms)");
    if (gateway.demoMode()) {
      System.out.println("No provider configured: serving the bundled demo provider as demo/gpt-4o-mini,"
          + " demo/echo and demo/text-embedding-3-small (canned answers). Set OPENAI_API_KEY or pass --config.");
    }
    printBootstrapKey(gateway.keys());
    stopped.await();
    return 0;
  }

  /** On first start there is no key to call the gateway with: issue one and show it once. */
  private static void printBootstrapKey(KeyService keys) {
    if (keys.count() > 0) {
      return;
    }
    KeyService.IssuedKey issued = keys.create("bootstrap", null);
    System.out.println("Created the first virtual key (" + issued.key().id() + "); it is shown only this once:");
    System.out.println();
    System.out.println("    " + issued.plaintext());
    System.out.println();
    System.out.println("Use it as 'Authorization: Bearer <key>'. More keys: ./sluice keys create --name NAME");
  }
}
