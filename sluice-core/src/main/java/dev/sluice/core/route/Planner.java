package dev.sluice.core.route;

import dev.sluice.core.error.ErrorKind;
import dev.sluice.core.error.GatewayException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * Turns a request into a {@link Plan}: every deployment it may try, in order, and every one left out with
 * the reason. No I/O: the attempt loop runs the plan and reports outcomes to {@link DeploymentHealth}.
 *
 * <p>Models are visited depth-first: the requested model, its configured fallbacks (and theirs), then the
 * request's next model ({@code models: [...]}) and its fallbacks. Each name is visited once, so a fallback
 * cycle ends instead of looping, and a deployment shared by two models is planned once.
 *
 * <p>Thread-safe: round-robin counters are atomics in a concurrent map (one per virtual model), and the
 * only other state is {@code random}, which the caller must make safe for concurrent use:
 * {@link java.util.Random} is (an atomic seed; a seeded one makes tests reproducible), while
 * {@link java.util.SplittableRandom} and the {@code L64X...} generators are not and would be corrupted by
 * concurrent plans. A plan draws only a few numbers, so contention on one {@code Random} is negligible.
 */
public final class Planner {
  private static final String UNKNOWN_MODEL = "unknown model";

  private final RouteCatalog catalog;
  private final RandomGenerator random;
  private final ConcurrentHashMap<String, AtomicLong> roundRobin = new ConcurrentHashMap<>();

  public Planner(RouteCatalog catalog, RandomGenerator random) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * @throws GatewayException 404 for an unknown requested model; 400 for an unknown provider in the
   *     preferences or when no deployment can serve the request; 503 when every one is unavailable for now
   */
  public Plan plan(RouteRequest request, HealthView health) {
    String requested = request.models().get(0);
    VirtualModel first = catalog.resolve(requested).orElseThrow(() -> GatewayException.modelNotFound(requested));
    ProviderPreferences prefs = request.preferences();
    checkProvidersKnown(prefs.only(), "provider.only");
    checkProvidersKnown(prefs.order(), "provider.order");
    checkProvidersKnown(prefs.ignore(), "provider.ignore");

    List<Step> steps = prefs.allowFallbacks()
        ? modelSequence(request.models(), first)
        : List.of(new Step(requested, first));
    List<Plan.Attempt> attempts = new ArrayList<>();
    List<Plan.Skip> skipped = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    boolean onlyHealthSkips = true; // the first model has a deployment, so an empty plan has a deployment skip
    for (Step step : steps) {
      if (step.model() == null) {
        skipped.add(new Plan.Skip(step.name(), UNKNOWN_MODEL));
        continue;
      }
      List<DeploymentSpec> eligible = new ArrayList<>();
      for (DeploymentSpec d : step.model().deployments()) {
        if (!seen.add(d.id())) {
          continue; // planned or skipped already, under an earlier model
        }
        String reason = Eligibility.reason(d, prefs, request.needs());
        if (reason != null) {
          onlyHealthSkips = false;
        } else {
          reason = health.unavailableReason(d);
        }
        if (reason == null) {
          eligible.add(d);
        } else {
          skipped.add(new Plan.Skip(d.id(), reason));
        }
      }
      String name = step.model().name();
      for (DeploymentSpec d : DeploymentOrder.arrange(step.model().strategy(), eligible, prefs, request.needs(),
          health, random, () -> roundRobin.computeIfAbsent(name, k -> new AtomicLong()).getAndIncrement())) {
        attempts.add(new Plan.Attempt(d, step.name()));
      }
    }
    if (attempts.isEmpty()) {
      throw noDeployment(requested, skipped, onlyHealthSkips);
    }
    if (!prefs.allowFallbacks()) {
      attempts = attempts.subList(0, 1);
    }
    return new Plan(attempts, skipped, strategyName(prefs, first), first.midStreamContinuation());
  }

  /** One model in visiting order; {@code model} is null when the name resolves to nothing. */
  private record Step(String name, VirtualModel model) {}

  /** Pre-order depth-first walk over request models and configured fallbacks, each name once. */
  private List<Step> modelSequence(List<String> requestModels, VirtualModel first) {
    List<Step> out = new ArrayList<>();
    Set<String> visited = new HashSet<>();
    Deque<String> stack = new ArrayDeque<>();
    for (int i = requestModels.size() - 1; i >= 0; i--) {
      stack.push(requestModels.get(i));
    }
    boolean isFirst = true;
    while (!stack.isEmpty()) {
      String name = stack.pop();
      if (!visited.add(name)) {
        continue;
      }
      VirtualModel model = isFirst ? first : catalog.resolve(name).orElse(null);
      isFirst = false;
      out.add(new Step(name, model));
      if (model != null) {
        for (int i = model.fallbacks().size() - 1; i >= 0; i--) {
          stack.push(model.fallbacks().get(i));
        }
      }
    }
    return out;
  }

  private void checkProvidersKnown(List<String> providers, String param) {
    for (String p : providers) {
      if (!catalog.hasProvider(p)) {
        throw GatewayException.invalidRequest("Unknown provider '" + p + "' in " + param
            + "; configured providers: " + String.join(", ", new TreeSet<>(catalog.providers())), param);
      }
    }
  }

  private static GatewayException noDeployment(String model, List<Plan.Skip> skipped, boolean onlyHealth) {
    String listing = skipped.stream().map(s -> s.deploymentId() + "=" + s.reason()).collect(Collectors.joining("; "));
    if (onlyHealth) {
      return new GatewayException(ErrorKind.OVERLOADED,
          "No deployment of model '" + model + "' is available right now: " + listing, null,
          "no_available_deployment");
    }
    return GatewayException.invalidRequest(
        "No deployment of model '" + model + "' can serve this request: " + listing, null,
        "no_eligible_deployment");
  }

  private static String strategyName(ProviderPreferences prefs, VirtualModel first) {
    if (!prefs.order().isEmpty()) {
      return "order=" + prefs.order();
    }
    if (prefs.sort() != null) {
      return "sort=" + prefs.sort().name().toLowerCase(Locale.ROOT);
    }
    return first.strategy().configName();
  }
}
