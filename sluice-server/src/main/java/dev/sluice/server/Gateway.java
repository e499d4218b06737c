package dev.sluice.server;

import dev.sluice.core.catalog.ModelCatalog;
import dev.sluice.core.key.KeyHasher;
import dev.sluice.server.auth.HashSecret;
import dev.sluice.server.auth.KeyAuthenticator;
import dev.sluice.server.auth.KeyService;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.http.AdminApi;
import dev.sluice.server.http.AdminAuth;
import dev.sluice.server.http.GatewayServer;
import dev.sluice.server.provider.DemoProvider;
import dev.sluice.server.provider.ProviderRegistry;
import dev.sluice.server.proxy.AccessLog;
import dev.sluice.server.proxy.AttemptRecorder;
import dev.sluice.server.proxy.ModelsListing;
import dev.sluice.server.proxy.OpenAiProxy;
import dev.sluice.server.proxy.UpstreamClient;
import dev.sluice.server.route.HealthChecker;
import dev.sluice.server.route.Routing;
import dev.sluice.server.store.Database;
import dev.sluice.server.store.KeyRepository;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A running gateway: store, keys, providers, upstream client and HTTP server, wired from one
 * configuration. {@code sluice serve} and the end-to-end tests start it the same way.
 */
public final class Gateway implements AutoCloseable {
  private final Vertx vertx;
  private final SluiceConfig config;
  private final KeyService keys;
  private final GatewayServer server;
  private final UpstreamClient upstream;
  private final DemoProvider demo;
  private final HealthChecker checker;

  private Gateway(Vertx vertx, SluiceConfig config, KeyService keys, GatewayServer server,
      UpstreamClient upstream, DemoProvider demo, HealthChecker checker) {
    this.vertx = vertx;
    this.config = config;
    this.keys = keys;
    this.server = server;
    this.upstream = upstream;
    this.demo = demo;
    this.checker = checker;
  }

  /** Starts the gateway and blocks until it listens. With no provider configured, the demo provider runs. */
  public static Gateway start(SluiceConfig requested, Map<String, String> env) {
    return start(requested, env, List.of());
  }

  /** As {@link #start(SluiceConfig, Map)}, with more places every attempt record goes besides the access log. */
  public static Gateway start(SluiceConfig requested, Map<String, String> env, List<AttemptRecorder> recorders) {
    Vertx vertx = Vertx.vertx();
    try {
      DemoProvider demo = requested.providers().isEmpty() ? DemoProvider.start(vertx) : null;
      SluiceConfig config = demo == null ? requested : demo.addTo(requested);
      Database database = Database.open(config.store().url());
      KeyHasher hasher = new KeyHasher(HashSecret.load(config.store().dataDir(), env));
      KeyService keys = new KeyService(new KeyRepository(database), hasher, InstantSource.system());
      ProviderRegistry providers = new ProviderRegistry(config);
      UpstreamClient upstream = new UpstreamClient(vertx, config.routing());
      Routing routing = new Routing(config, ModelCatalog.bundled(), InstantSource.system());
      List<AttemptRecorder> sinks = new ArrayList<>(recorders);
      sinks.add(0, new AccessLog());
      AttemptRecorder recorder = record -> sinks.forEach(sink -> sink.record(record));
      OpenAiProxy openAi = new OpenAiProxy(vertx, config, providers, upstream, routing, recorder);
      byte[] models = ModelsListing.build(config, ModelCatalog.bundled(), Instant.now());
      GatewayServer server = new GatewayServer(vertx, config.server(),
          new KeyAuthenticator(vertx, keys, InstantSource.system()), openAi, models, database,
          new AdminApi(new AdminAuth(config.server().adminKey()), routing));
      server.listen().await();
      HealthChecker checker = null;
      if (config.routing().healthCheckInterval() != null) {
        checker = new HealthChecker(vertx, config, providers, routing);
        checker.start(config.routing().healthCheckInterval());
      }
      return new Gateway(vertx, config, keys, server, upstream, demo, checker);
    } catch (RuntimeException e) {
      vertx.close().await();
      throw e;
    }
  }

  public int port() {
    return server.actualPort();
  }

  public String baseUrl() {
    return "http://" + hostForUrl(config.server().host()) + ":" + port();
  }

  public KeyService keys() {
    return keys;
  }

  public SluiceConfig config() {
    return config;
  }

  public boolean demoMode() {
    return demo != null;
  }

  @Override
  public void close() {
    server.close().await();
    if (checker != null) {
      checker.close();
    }
    upstream.close();
    if (demo != null) {
      demo.close();
    }
    vertx.close().await();
  }

  private static String hostForUrl(String host) {
    if (host.equals("0.0.0.0") || host.equals("::")) {
      return "127.0.0.1";
    }
    return host.contains(":") ? "[" + host + "]" : host;
  }
}
