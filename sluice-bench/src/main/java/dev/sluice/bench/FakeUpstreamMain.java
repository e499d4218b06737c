package dev.sluice.bench;

import dev.sluice.testkit.FakeOpenAiProvider;
import io.vertx.core.Vertx;

/**
 * The benchmark's upstream as its own OS process: the testkit's fake OpenAI provider with no API key check.
 * Prints {@code port <n>} on stdout once listening, then serves until killed.
 *
 * <p>Usage: {@code java -cp <bench classpath> dev.sluice.bench.FakeUpstreamMain [port]} (0 or absent: a free port).
 */
public final class FakeUpstreamMain {
  private FakeUpstreamMain() {}

  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    Vertx vertx = Vertx.vertx();
    FakeOpenAiProvider fake = FakeOpenAiProvider.start(vertx, port).requireApiKey(null);
    System.out.println("port " + fake.port());
    System.out.flush();
    Thread.currentThread().join();
  }
}
