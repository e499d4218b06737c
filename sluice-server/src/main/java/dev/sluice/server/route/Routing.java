package dev.sluice.server.route;

import dev.sluice.core.catalog.ModelCatalog;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.price.Price;
import dev.sluice.core.route.AttemptPolicy;
import dev.sluice.core.route.AutoChoice;
import dev.sluice.core.route.AutoRouter;
import dev.sluice.core.route.DeploymentHealth;
import dev.sluice.core.route.Plan;
import dev.sluice.core.route.Planner;
import dev.sluice.core.route.PromptFeatures;
import dev.sluice.core.route.ProviderPreferences;
import dev.sluice.core.route.RequestNeeds;
import dev.sluice.core.route.RouteCatalog;
import dev.sluice.core.route.RouteRequest;
import dev.sluice.core.route.VirtualModel;
import dev.sluice.server.config.RoutingSettings;
import dev.sluice.server.config.SluiceConfig;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * The gateway's router: the planner over the configured catalog, the shared health of every deployment,
 * the retry policy and the auto router, wired from configuration. Thread-safe; one per gateway.
 */
public final class Routing {
  private final RouteCatalog catalog;
  private final Planner planner;
  private final DeploymentHealth health;
  private final AttemptPolicy policy;
  private final AutoRouter auto;
  private final RoutingSettings settings;

  public Routing(SluiceConfig config, ModelCatalog models, InstantSource clock) {
    this.settings = config.routing();
    this.catalog = RouteCatalogs.build(config, models);
    RandomGenerator random = new ThreadLocalRandomGenerator();
    this.planner = new Planner(catalog, random);
    this.health = new DeploymentHealth(clock, settings.circuit(), settings.rateLimitCooldown(),
        configuredDeployments(config, catalog)::contains);
    this.policy = new AttemptPolicy(settings.retries(), settings.backoffBase(), settings.backoffMax(), random);
    this.auto = settings.auto() == null ? null : new AutoRouter(settings.auto(), model -> priceOf(model));
  }

  /** A plan for the models in order (requested first), under the request's preferences over the configured defaults. */
  public Plan plan(List<String> models, ProviderPreferences preferences, RequestNeeds needs) {
    return planner.plan(new RouteRequest(models, preferences.over(settings.providerDefaults()), needs), health);
  }

  public boolean isAuto(String model) {
    return AutoRouter.NAMES.contains(model);
  }

  /** The auto router's pick for these prompt features; 404 when no auto router is configured. */
  public AutoChoice chooseAuto(String requested, PromptFeatures features) {
    if (auto == null) {
      throw GatewayException.notFound("The model '" + requested + "' needs the auto router, which is not configured"
          + " (add routing.auto to the gateway configuration).", "model_not_found");
    }
    return auto.choose(features);
  }

  /**
   * The deployment ids the configuration names (every alias's deployments, every model a provider lists): their
   * health is kept at rest. Any other {@code provider/model} is named by a caller, so its health is forgotten once
   * at rest, or a client sending random model names would grow the health map without bound.
   */
  private static java.util.Set<String> configuredDeployments(SluiceConfig config, RouteCatalog catalog) {
    java.util.Set<String> ids = new java.util.HashSet<>();
    config.models().forEach(alias -> catalog.resolve(alias.name())
        .ifPresent(model -> model.deployments().forEach(d -> ids.add(d.id()))));
    config.providers().forEach(p -> p.models().forEach(m -> ids.add(p.name() + "/" + m.name())));
    return java.util.Set.copyOf(ids);
  }

  public DeploymentHealth health() {
    return health;
  }

  public AttemptPolicy policy() {
    return policy;
  }

  public RoutingSettings settings() {
    return settings;
  }

  public RouteCatalog catalog() {
    return catalog;
  }

  private Optional<Price> priceOf(String model) {
    Optional<VirtualModel> resolved = catalog.resolve(model);
    if (resolved.isEmpty()) {
      return Optional.empty();
    }
    // An alias costs what its priciest deployment costs: the ceiling must hold whichever one serves.
    List<Price> prices = new ArrayList<>();
    for (var d : resolved.get().deployments()) {
      if (d.price() == null) {
        return Optional.empty();
      }
      prices.add(d.price());
    }
    return prices.stream().reduce((a, b) -> new Price(Math.max(a.inputMicrosPerMTok(), b.inputMicrosPerMTok()),
        Math.max(a.outputMicrosPerMTok(), b.outputMicrosPerMTok())));
  }

  /** A thread-safe RandomGenerator: each call uses the calling thread's ThreadLocalRandom. */
  private static final class ThreadLocalRandomGenerator implements RandomGenerator {
    @Override
    public long nextLong() {
      return ThreadLocalRandom.current().nextLong();
    }

    @Override
    public int nextInt(int bound) {
      return ThreadLocalRandom.current().nextInt(bound);
    }

    @Override
    public double nextDouble() {
      return ThreadLocalRandom.current().nextDouble();
    }
  }
}
