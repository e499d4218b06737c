package dev.sluice.bench.jmh;

import dev.sluice.core.price.Price;
import dev.sluice.core.route.Capabilities;
import dev.sluice.core.route.DeploymentSpec;
import dev.sluice.core.route.HealthView;
import dev.sluice.core.route.Plan;
import dev.sluice.core.route.Planner;
import dev.sluice.core.route.ProviderPreferences;
import dev.sluice.core.route.RequestNeeds;
import dev.sluice.core.route.RouteCatalog;
import dev.sluice.core.route.RouteRequest;
import dev.sluice.core.route.Strategy;
import dev.sluice.core.route.VirtualModel;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Planner#plan} for an alias of three weighted deployments (openai, azure, groq), everything healthy
 * ({@link HealthView#ALL_HEALTHY}). {@code prefs}: {@code none} = no {@code provider} object (the weighted
 * shuffle alone); {@code order} = OpenRouter-style {@code order}, {@code require_parameters} and
 * {@code max_price}, all of which every deployment passes (eligibility checks, then a stable re-sort);
 * {@code sort-price} = {@code sort: price} (each deployment's cost for the request computed and ranked).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PlannerBench {
  @Param({"none", "order", "sort-price"})
  public String prefs;

  private Planner planner;
  private RouteRequest request;

  @Setup
  public void setUp() {
    List<DeploymentSpec> deployments = List.of(
        deployment("openai/gpt-4o-mini", "openai", "gpt-4o-mini", 3, new Price(150_000, 600_000)),
        deployment("azure/gpt-4o-mini", "azure", "gpt-4o-mini", 2, new Price(165_000, 660_000)),
        deployment("groq/llama-3.3-70b", "groq", "llama-3.3-70b-versatile", 1, new Price(590_000, 790_000)));
    VirtualModel alias = new VirtualModel("chat-default", Strategy.WEIGHTED, deployments,
        /* fallbacks= */ List.of(), /* midStreamContinuation= */ false);
    RouteCatalog catalog = new RouteCatalog(Set.of("openai", "azure", "groq"), Map.of("chat-default", alias),
        (provider, model) -> DeploymentSpec.of(provider, model, null, null));
    planner = new Planner(catalog, new Random(42));
    ProviderPreferences preferences = switch (prefs) {
      case "none" -> ProviderPreferences.NONE;
      case "order" -> new ProviderPreferences(List.of("groq", "openai"), List.of(), List.of(),
          /* allowFallbacks= */ true, /* sort= */ null, new ProviderPreferences.MaxPrice(5_000_000L, 15_000_000L),
          /* requireParameters= */ true, /* denyDataCollection= */ false);
      case "sort-price" -> new ProviderPreferences(List.of(), List.of(), List.of(), true,
          ProviderPreferences.Sort.PRICE, null, false, false);
      default -> throw new IllegalArgumentException(prefs);
    };
    RequestNeeds needs = new RequestNeeds(/* tools= */ true, /* jsonSchema= */ false, /* images= */ false,
        /* promptTokens= */ 310, /* maxOutputTokens= */ 512);
    request = new RouteRequest(List.of("chat-default"), preferences, needs);
    Plan plan = planner.plan(request, HealthView.ALL_HEALTHY);
    if (plan.attempts().size() != 3 || !plan.skipped().isEmpty()) {
      throw new IllegalStateException("unexpected plan " + plan);
    }
  }

  @Benchmark
  public Plan plan() {
    return planner.plan(request, HealthView.ALL_HEALTHY);
  }

  private static DeploymentSpec deployment(String id, String provider, String model, int weight, Price price) {
    return new DeploymentSpec(id, provider, model, weight, /* priority= */ 0, /* region= */ null,
        Capabilities.ALL, /* zeroRetention= */ false, price, /* contextWindow= */ 128_000,
        /* maxConcurrent= */ null);
  }
}
