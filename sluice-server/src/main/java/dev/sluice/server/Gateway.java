package dev.sluice.server;

import dev.sluice.core.catalog.ModelCatalog;
import dev.sluice.core.key.KeyHasher;
import dev.sluice.server.admission.Admission;
import dev.sluice.server.admin.BudgetAdminApi;
import dev.sluice.server.admin.LimitAdminApi;
import dev.sluice.server.budget.BudgetRepository;
import dev.sluice.server.budget.BudgetService;
import dev.sluice.server.budget.CreditRepository;
import dev.sluice.server.auth.HashSecret;
import dev.sluice.server.limit.InMemoryLimitStore;
import dev.sluice.server.limit.KnownModels;
import dev.sluice.server.limit.LimitRuleRepository;
import dev.sluice.server.limit.RateLimitService;
import dev.sluice.server.auth.KeyAuthenticator;
import dev.sluice.server.auth.KeyService;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.http.AdminApi;
import dev.sluice.server.http.AdminAuth;
import dev.sluice.server.http.AdminRoutes;
import dev.sluice.server.metrics.GatewayMetrics;
import dev.sluice.server.metrics.MetricsEndpoint;
import dev.sluice.server.http.GatewayServer;
import dev.sluice.server.provider.DemoProvider;
import dev.sluice.server.provider.ProviderRegistry;
import dev.sluice.server.proxy.AccessLog;
import dev.sluice.server.proxy.AttemptRecorder;
import dev.sluice.server.proxy.CompositeRecorder;
import dev.sluice.server.ledger.Ledger;
import dev.sluice.server.ledger.LedgerStore;
import dev.sluice.server.proxy.ModelsListing;
import dev.sluice.server.proxy.ChatApi;
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
  /** How often rules changed outside this process (the CLI) are reloaded from the store. */
  static final java.time.Duration RULE_RELOAD = java.time.Duration.ofSeconds(5);

  private final Vertx vertx;
  private final SluiceConfig config;
  private final KeyService keys;
  private final GatewayServer server;
  private final UpstreamClient upstream;
  private final DemoProvider demo;
  private final HealthChecker checker;
  private final Ledger ledger;
  private final BudgetService budgets;

  private Gateway(Vertx vertx, SluiceConfig config, KeyService keys, GatewayServer server,
      UpstreamClient upstream, DemoProvider demo, HealthChecker checker, Ledger ledger, BudgetService budgets) {
    this.budgets = budgets;
    this.vertx = vertx;
    this.config = config;
    this.keys = keys;
    this.server = server;
    this.upstream = upstream;
    this.demo = demo;
    this.checker = checker;
    this.ledger = ledger;
  }

  /** SLUICE_ALERT_WEBHOOK: where budget alerts (50/80/100%) are POSTed, or none. */
  private static java.net.URI alertWebhook(Map<String, String> env) {
    String url = env.get("SLUICE_ALERT_WEBHOOK");
    return url == null || url.isBlank() ? null : java.net.URI.create(url.trim());
  }

  /** The usage ledger (for tests and tools: {@code awaitShipped}, counters). */
  public Ledger ledger() {
    return ledger;
  }

  /** Starts the gateway and blocks until it listens. With no provider configured, the demo provider runs. */
  public static Gateway start(SluiceConfig requested, Map<String, String> env) {
    return start(requested, env, List.of());
  }

  /** As {@link #start(SluiceConfig, Map)}, with more places every attempt record goes besides the access log. */
  public static Gateway start(SluiceConfig requested, Map<String, String> env, List<AttemptRecorder> recorders) {
    // Netty's native epoll transport where the platform has it (Linux x86-64), else the JDK's NIO.
    Vertx vertx = Vertx.vertx(new io.vertx.core.VertxOptions().setPreferNativeTransport(true));
    if (!vertx.isNativeTransportEnabled()) {
      org.slf4j.LoggerFactory.getLogger(Gateway.class).debug("native transport unavailable, using NIO: {}",
          String.valueOf(vertx.unavailableNativeTransportCause()));
    }
    Ledger ledger = null;
    try {
      DemoProvider demo = requested.providers().isEmpty() ? DemoProvider.start(vertx) : null;
      SluiceConfig config = demo == null ? requested : demo.addTo(requested);
      Database database = Database.open(config.store().url());
      LedgerStore ledgerStore = new LedgerStore(database);
      // replays the previous run's journal tail
      ledger = Ledger.open(config.store().dataDir(), ledgerStore, config.store().ledger());
      KeyHasher hasher = new KeyHasher(HashSecret.load(config.store().dataDir(), env));
      KeyService keys = new KeyService(new KeyRepository(database), hasher, InstantSource.system());
      ProviderRegistry providers = new ProviderRegistry(config);
      UpstreamClient upstream = new UpstreamClient(vertx, config.routing());
      Routing routing = new Routing(config, ModelCatalog.bundled(), InstantSource.system());
      GatewayMetrics metrics = new GatewayMetrics(
          config.providers().stream().map(p -> p.name()).collect(java.util.stream.Collectors.toSet()));
      Ledger journaled = ledger;
      metrics.gauge("sluice_ledger_journal_failing", "1 while the usage journal cannot write, else 0",
          () -> journaled.journalFailing() ? 1 : 0);
      metrics.gauge("sluice_ledger_rejected_attempts",
          "Requests refused because the usage journal could not write (ledger.on_journal_failure: reject)",
          journaled::rejectedAttempts);
      List<AttemptRecorder> sinks = new ArrayList<>(recorders);
      sinks.add(0, new AccessLog());
      sinks.add(metrics);
      sinks.add(ledger);
      AttemptRecorder recorder = new CompositeRecorder(sinks);
      LimitRuleRepository limitRules = new LimitRuleRepository(database);
      RateLimitService limits = new RateLimitService(limitRules::list, new InMemoryLimitStore(), InstantSource.system());
      // The CLI changes rules straight in the store: pick them up within seconds, off the event loop.
      vertx.setPeriodic(RULE_RELOAD.toMillis(), t -> vertx.executeBlocking(() -> {
        limits.reload();
        return null;
      }, false));
      BudgetService budgets = new BudgetService(new BudgetRepository(database), new CreditRepository(database),
          ledgerStore, InstantSource.system(), alertWebhook(env)).start(); // after the ledger's replay
      Admission admission = new Admission(budgets, limits);
      ChatApi openAi = new ChatApi(vertx, config, providers, upstream, routing, admission, recorder);
      byte[] models = ModelsListing.build(config, ModelCatalog.bundled(), Instant.now());
      AdminAuth adminAuth = new AdminAuth(config.server().adminKey());
      LimitAdminApi limitAdmin = new LimitAdminApi(vertx, adminAuth, limitRules, limits, KnownModels.from(config),
          InstantSource.system());
      BudgetAdminApi budgetAdmin = new BudgetAdminApi(vertx, adminAuth, budgets, KnownModels.from(config));
      AdminRoutes adminRoutes = new AdminRoutes()
          .exact("/admin/budgets", budgetAdmin::budgets)
          .prefix(BudgetAdminApi.BUDGET_PATH_PREFIX, budgetAdmin::budget)
          .exact("/admin/credits", budgetAdmin::credits)
          .exact("/admin/spend", budgetAdmin::spend)
          .exact("/admin/routing", new AdminApi(adminAuth, routing)::routing)
          .exact("/admin/limits", limitAdmin::handleLimits)
          .prefix("/admin/limits/", limitAdmin::handleLimit);
      GatewayServer server = new GatewayServer(vertx, config.server(),
          new KeyAuthenticator(vertx, keys, InstantSource.system()), openAi, models, database, adminRoutes,
          new MetricsEndpoint(metrics, adminAuth, config.server().adminKey() == null));
      server.listen().await();
      HealthChecker checker = null;
      if (config.routing().healthCheckInterval() != null) {
        checker = new HealthChecker(vertx, config, providers, routing);
        checker.start(config.routing().healthCheckInterval());
      }
      return new Gateway(vertx, config, keys, server, upstream, demo, checker, ledger, budgets);
    } catch (RuntimeException e) {
      vertx.close().await();
      if (ledger != null) {
        ledger.close();
      }
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
    close(java.time.Duration.ZERO);
  }

  /**
   * Stops the gateway; with a {@code grace} (SIGTERM: {@code server.shutdown_grace}) it first stops accepting
   * and lets requests and streams in flight finish, so their answers and usage records are whole.
   */
  public void close(java.time.Duration grace) {
    try {
      server.shutdown(grace).await();
    } catch (RuntimeException e) {
      // go on: the ledger must still be closed so every record of a finished request gets to the store
      org.slf4j.LoggerFactory.getLogger(Gateway.class).warn("stopping the HTTP server: {}", e.toString());
    }
    if (checker != null) {
      checker.close();
    }
    upstream.close();
    if (demo != null) {
      demo.close();
    }
    vertx.close().await();
    budgets.close();
    ledger.close(); // after the server: records of requests that finished during shutdown still get in
  }

  private static String hostForUrl(String host) {
    if (host.equals("0.0.0.0") || host.equals("::")) {
      return "127.0.0.1";
    }
    return host.contains(":") ? "[" + host + "]" : host;
  }
}
