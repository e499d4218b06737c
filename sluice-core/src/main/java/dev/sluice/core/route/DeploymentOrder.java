package dev.sluice.core.route;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;

/**
 * Orders one virtual model's eligible deployments for one request. The model's strategy always runs first;
 * a request's {@code provider.order} or {@code provider.sort} then re-sorts that result stably, so ties
 * (same provider, equal latency, unmeasured) keep the strategy's order instead of config order. That is why
 * unmeasured deployments under {@code sort=latency} are spread by weight rather than always the first listed.
 *
 * <p>Every sort key is computed once per deployment before sorting: health can change while we sort, and a
 * comparator that reads it live could break {@link List#sort}'s contract.
 */
final class DeploymentOrder {
  private DeploymentOrder() {}

  /**
   * @param roundRobinTick the model's counter, read (and advanced) only under {@link Strategy#ROUND_ROBIN}
   */
  static List<DeploymentSpec> arrange(Strategy strategy, List<DeploymentSpec> eligible, ProviderPreferences prefs,
      RequestNeeds needs, HealthView health, RandomGenerator random, LongSupplier roundRobinTick) {
    if (eligible.size() <= 1) {
      return eligible;
    }
    List<DeploymentSpec> ordered = byStrategy(strategy, eligible, needs, health, random, roundRobinTick);
    if (!prefs.order().isEmpty()) {
      return sortedBy(ordered, d -> orderIndex(prefs.order(), d.provider()));
    }
    if (prefs.sort() != null) {
      return switch (prefs.sort()) {
        case PRICE -> sortedBy(ordered, d -> cost(d, needs));
        case LATENCY -> sortedBy(ordered, d -> unmeasuredFirst(health.latencyMillis(d.id())));
        case THROUGHPUT -> sortedBy(ordered, d -> fastestFirst(health.tokensPerSecond(d.id())));
      };
    }
    return ordered;
  }

  private static List<DeploymentSpec> byStrategy(Strategy strategy, List<DeploymentSpec> eligible,
      RequestNeeds needs, HealthView health, RandomGenerator random, LongSupplier roundRobinTick) {
    return switch (strategy) {
      case WEIGHTED -> weightedShuffle(eligible, random);
      case ROUND_ROBIN -> rotate(eligible, roundRobinTick.getAsLong());
      case LEAST_INFLIGHT -> sortedBy(weightedShuffle(eligible, random), d -> health.inflight(d.id()));
      case LOWEST_LATENCY ->
          sortedBy(weightedShuffle(eligible, random), d -> unmeasuredFirst(health.latencyMillis(d.id())));
      case LOWEST_COST -> sortedBy(weightedShuffle(eligible, random), d -> cost(d, needs));
      case PRIORITY -> sortedBy(weightedShuffle(eligible, random), DeploymentSpec::priority);
    };
  }

  /**
   * Weighted random order without replacement (Efraimidis and Spirakis, "Weighted random sampling with a
   * reservoir", 2006): each deployment draws key {@code Exp(1) / weight} and the smallest key goes first, so
   * the first place falls to each deployment with probability weight / total, and so on down the list.
   */
  static List<DeploymentSpec> weightedShuffle(List<DeploymentSpec> in, RandomGenerator random) {
    return sortedBy(in, d -> random.nextExponential() / d.weight());
  }

  private static List<DeploymentSpec> rotate(List<DeploymentSpec> in, long tick) {
    int start = (int) Math.floorMod(tick, (long) in.size());
    List<DeploymentSpec> out = new ArrayList<>(in.size());
    out.addAll(in.subList(start, in.size()));
    out.addAll(in.subList(0, start));
    return out;
  }

  /** Stable ascending sort on a key computed exactly once per deployment. */
  private static List<DeploymentSpec> sortedBy(List<DeploymentSpec> in, ToDoubleFunction<DeploymentSpec> key) {
    record Keyed(DeploymentSpec deployment, double key) {}
    List<Keyed> keyed = new ArrayList<>(in.size());
    for (DeploymentSpec d : in) {
      keyed.add(new Keyed(d, key.applyAsDouble(d)));
    }
    keyed.sort(Comparator.comparingDouble(Keyed::key));
    List<DeploymentSpec> out = new ArrayList<>(in.size());
    for (Keyed k : keyed) {
      out.add(k.deployment());
    }
    return out;
  }

  private static double orderIndex(List<String> order, String provider) {
    int i = order.indexOf(provider);
    return i < 0 ? Double.MAX_VALUE : i;
  }

  /** Unmeasured sorts first so new deployments get measured instead of starving behind known ones. */
  private static double unmeasuredFirst(OptionalDouble measured) {
    return measured.isPresent() ? measured.getAsDouble() : Double.NEGATIVE_INFINITY;
  }

  /** Descending tokens per second, unmeasured still first. */
  private static double fastestFirst(OptionalDouble tokensPerSecond) {
    return tokensPerSecond.isPresent() ? -tokensPerSecond.getAsDouble() : Double.NEGATIVE_INFINITY;
  }

  /** This request's worst-case cost; at least one output token so output price counts. Unpriced last. */
  private static double cost(DeploymentSpec d, RequestNeeds needs) {
    if (d.price() == null) {
      return Double.POSITIVE_INFINITY;
    }
    try {
      return d.price().costMicros(needs.promptTokens(), Math.max(needs.maxOutputTokens(), 1));
    } catch (ArithmeticException overflow) {
      return Double.MAX_VALUE; // absurd but priced: still ahead of the unpriced
    }
  }
}
