package dev.sluice.core.route;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Resolves the model a caller asked for into a {@link Deployment}: an alias picks one of its deployments
 * by weight; {@code provider/model} goes to that provider as is, whether or not the model is listed (new
 * models work the day the provider ships them). Anything else resolves to nothing: the caller gets a 404
 * before any upstream is contacted.
 *
 * <p>Immutable and thread-safe; randomness is passed in so tests are deterministic.
 */
public final class ModelRoutes {
  private final Set<String> providers;
  private final Map<String, List<Deployment>> aliases;

  public ModelRoutes(Set<String> providers, Map<String, List<Deployment>> aliases) {
    this.providers = Set.copyOf(providers);
    this.aliases = Map.copyOf(aliases);
  }

  public Optional<Deployment> resolve(String requested, RandomGenerator random) {
    List<Deployment> alias = aliases.get(requested);
    if (alias != null) {
      return Optional.of(pickByWeight(alias, random));
    }
    ModelRef ref = ModelRef.parseOrNull(requested);
    if (ref != null && providers.contains(ref.provider())) {
      return Optional.of(new Deployment(ref.provider(), ref.model(), 1));
    }
    return Optional.empty();
  }

  static Deployment pickByWeight(List<Deployment> deployments, RandomGenerator random) {
    if (deployments.size() == 1) {
      return deployments.get(0);
    }
    int total = 0;
    for (Deployment d : deployments) {
      total += d.weight();
    }
    int ticket = random.nextInt(total);
    for (Deployment d : deployments) {
      ticket -= d.weight();
      if (ticket < 0) {
        return d;
      }
    }
    throw new AssertionError("weights changed during selection");
  }
}
