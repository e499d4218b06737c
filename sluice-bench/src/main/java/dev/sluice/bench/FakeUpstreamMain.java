package dev.sluice.bench;

import dev.sluice.testkit.FakeAnthropicProvider;
import dev.sluice.testkit.FakeOpenAiProvider;
import io.vertx.core.Vertx;

/**
 * The benchmark's upstreams as one OS process: the testkit's fake OpenAI provider and its fake Anthropic provider
 * (for the translation scenario), both with no API key check, on one Vertx. Prints {@code port <n>} and then
 * {@code anthropic-port <m>} on stdout once both listen, then serves until killed.
 *
 * <p>Usage: {@code java -cp <bench classpath> dev.sluice.bench.FakeUpstreamMain [port [anthropic-port]]} (0 or
 * absent: a free port).
 */
public final class FakeUpstreamMain {
  private FakeUpstreamMain() {}

  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    int anthropicPort = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    Vertx vertx = Vertx.vertx();
    FakeOpenAiProvider fake = FakeOpenAiProvider.start(vertx, port).requireApiKey(null);
    FakeAnthropicProvider anthropic = FakeAnthropicProvider.start(vertx, anthropicPort).requireApiKey(null);
    System.out.println("port " + fake.port());
    System.out.println("anthropic-port " + anthropic.port());
    System.out.flush();
    Thread.currentThread().join();
  }
}
