package dev.sluice.core.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.error.ErrorKind;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.price.Price;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Planner invariants over random catalogs (four aliases with fallbacks into each other, unknown names and
 * implicit {@code provider/model}s), random preferences and random health.
 */
class PlannerPropertiesTest {
  private static final List<String> PROVIDERS = List.of("p0", "p1", "p2", "p3");
  private static final List<String> MODEL_NAMES = List.of("m0", "m1", "m2", "m3");
  private static final String UNAVAILABLE = "circuit open for 5s";

  record Scenario(List<VirtualModel> models, List<String> requestModels, ProviderPreferences prefs, RequestNeeds needs,
      Set<String> unavailable, long seed) {

    Planner planner() {
      Map<String, VirtualModel> aliases = new HashMap<>();
      models.forEach(m -> aliases.put(m.name(), m));
      return new Planner(new RouteCatalog(Set.copyOf(PROVIDERS), aliases,
          (p, m) -> DeploymentSpec.of(p, m, null, null)), new Random(seed));
    }

    HealthView health() {
      FakeHealth health = new FakeHealth();
      unavailable.forEach(id -> health.unavailable(id, UNAVAILABLE));
      return health;
    }

    RouteRequest request() {
      return new RouteRequest(requestModels, prefs, needs);
    }

    /** Every deployment the planner could meet, by id (ids may repeat across models with other attributes). */
    List<DeploymentSpec> everyDeployment() {
      List<DeploymentSpec> out = new ArrayList<>();
      models.forEach(m -> out.addAll(m.deployments()));
      return out;
    }
  }

  @Property
  void aPlanNeverHoldsAForbiddenDeployment(@ForAll("scenarios") Scenario s) {
    Plan plan;
    try {
      plan = s.planner().plan(s.request(), s.health());
    } catch (GatewayException e) {
      return; // covered by the next property
    }
    for (Plan.Attempt a : plan.attempts()) {
      DeploymentSpec d = a.deployment();
      assertThat(s.prefs().ignore()).doesNotContain(d.provider());
      if (!s.prefs().only().isEmpty()) {
        assertThat(s.prefs().only()).contains(d.provider());
      }
      assertThat(s.unavailable()).doesNotContain(d.id());
      ProviderPreferences.MaxPrice max = s.prefs().maxPrice();
      if (max != null && (max.promptMicrosPerMTok() != null || max.completionMicrosPerMTok() != null)) {
        assertThat(d.price()).isNotNull();
        if (max.promptMicrosPerMTok() != null) {
          assertThat(d.price().inputMicrosPerMTok()).isLessThanOrEqualTo(max.promptMicrosPerMTok());
        }
        if (max.completionMicrosPerMTok() != null) {
          assertThat(d.price().outputMicrosPerMTok()).isLessThanOrEqualTo(max.completionMicrosPerMTok());
        }
      }
      if (s.prefs().denyDataCollection()) {
        assertThat(d.zeroRetention()).isTrue();
      }
      if (s.prefs().requireParameters()) {
        assertThat(d.capabilities().covers(s.needs())).isTrue();
      }
    }
  }

  @Property
  void aPlanNeverRepeatsADeploymentAndOnlyOneWithoutFallbacks(@ForAll("scenarios") Scenario s) {
    Plan plan;
    try {
      plan = s.planner().plan(s.request(), s.health());
    } catch (GatewayException e) {
      return;
    }
    List<String> ids = plan.attempts().stream().map(a -> a.deployment().id()).toList();
    assertThat(ids).doesNotHaveDuplicates();
    Set<String> planned = new HashSet<>(ids);
    assertThat(plan.skipped()).noneMatch(skip -> planned.contains(skip.deploymentId()));
    if (!s.prefs().allowFallbacks()) {
      assertThat(ids).hasSize(1);
    }
  }

  @Property
  void aPlanIsEmptyOnlyAsAnErrorNamingEverySkippedDeployment(@ForAll("scenarios") Scenario s) {
    Plan plan;
    try {
      plan = s.planner().plan(s.request(), s.health());
    } catch (GatewayException e) {
      Statistics.label("outcome").collect(e.kind().status() + " " + e.code());
      assertThat(e.kind()).isIn(ErrorKind.OVERLOADED, ErrorKind.INVALID_REQUEST);
      // the first model's deployments were all considered and all skipped
      VirtualModel first = s.models().get(0);
      for (DeploymentSpec d : first.deployments()) {
        assertThat(e.getMessage()).contains(d.id() + "=");
      }
      if (e.kind() == ErrorKind.OVERLOADED) {
        assertThat(e.getMessage()).contains(UNAVAILABLE);
      }
      return;
    }
    Statistics.label("outcome").collect(plan.attempts().size() > 1 ? "several attempts" : "one attempt");
    assertThat(plan.attempts()).isNotEmpty();
  }

  @Property
  void whenOnlyHealthEmptiesThePlanTheAnswerIs503NamingEach(@ForAll("scenarios") Scenario s) {
    HealthView allDown = new FakeHealth().allUnavailable(UNAVAILABLE);
    RouteRequest request = new RouteRequest(s.requestModels(), ProviderPreferences.NONE, RequestNeeds.NONE);
    try {
      s.planner().plan(request, allDown);
    } catch (GatewayException e) {
      assertThat(e.kind()).isEqualTo(ErrorKind.OVERLOADED);
      assertThat(e.code()).isEqualTo("no_available_deployment");
      s.models().get(0).deployments().forEach(d -> assertThat(e.getMessage()).contains(d.id() + "=" + UNAVAILABLE));
      return;
    }
    throw new AssertionError("a plan with every deployment down");
  }

  @Property
  void aHealthyUnconstrainedRequestPlansEveryDistinctDeploymentOfItsModel(@ForAll("scenarios") Scenario s) {
    ProviderPreferences none = ProviderPreferences.NONE;
    Plan plan = s.planner().plan(new RouteRequest(List.of("m0"), none, RequestNeeds.NONE), HealthView.ALL_HEALTHY);
    Set<String> distinct = new TreeSet<>();
    s.models().get(0).deployments().forEach(d -> distinct.add(d.id()));
    assertThat(plan.attempts().stream().map(a -> a.deployment().id()).limit(distinct.size()))
        .containsExactlyInAnyOrderElementsOf(distinct);
    assertThat(plan.skipped()).allSatisfy(skip -> assertThat(skip.reason()).isEqualTo("unknown model"));
  }

  // ---- generators

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<List<VirtualModel>> models = Combinators.combine(
        model("m0"), model("m1"), model("m2"), model("m3")).as(List::of);
    Arbitrary<List<String>> requestModels = Arbitraries.of("m1", "m2", "m3", "ghost", "p2/implicit", "zz/none")
        .list().ofMaxSize(3).map(rest -> {
          List<String> all = new ArrayList<>();
          all.add("m0");
          all.addAll(rest);
          return all;
        });
    return Combinators.combine(models, requestModels, preferences(), needs(),
        Arbitraries.of(allIds()).set().ofMaxSize(8), Arbitraries.longs()).as(Scenario::new);
  }

  private static List<String> allIds() {
    List<String> ids = new ArrayList<>();
    for (String p : PROVIDERS) {
      for (int i = 0; i < 4; i++) {
        ids.add(p + "/x" + i);
      }
    }
    return ids;
  }

  private Arbitrary<VirtualModel> model(String name) {
    Arbitrary<List<String>> fallbacks = Arbitraries.of("m0", "m1", "m2", "m3", "ghost", "p1/implicit")
        .list().ofMaxSize(3);
    return Combinators.combine(Arbitraries.of(Strategy.class), deployment().list().ofMinSize(1).ofMaxSize(5),
        fallbacks, Arbitraries.of(true, false)).as((strategy, deployments, fb, cont) ->
        new VirtualModel(name, strategy, deployments, fb, cont));
  }

  private Arbitrary<DeploymentSpec> deployment() {
    Arbitrary<Price> price = Combinators.combine(Arbitraries.longs().between(0, 20), Arbitraries.longs().between(0, 20))
        .as(Price::new).injectNull(0.2);
    Arbitrary<Capabilities> caps = Combinators.combine(mostly(true), mostly(true), mostly(true))
        .as(Capabilities::new);
    return Combinators.combine(Arbitraries.of(PROVIDERS), Arbitraries.integers().between(0, 3),
        Arbitraries.integers().between(1, 5), Arbitraries.integers().between(0, 2), caps, Arbitraries.of(true, false),
        price, Arbitraries.integers().between(1, 800).injectNull(0.6))
        .as((provider, model, weight, priority, c, zero, p, window) -> new DeploymentSpec(
            provider + "/x" + model, provider, "x" + model, weight, priority, null, c, zero, p, window, null));
  }

  private Arbitrary<ProviderPreferences> preferences() {
    Arbitrary<List<String>> providerList = Arbitraries.of(PROVIDERS).set().ofMaxSize(3)
        .map(set -> List.copyOf(new TreeSet<>(set)));
    Arbitrary<ProviderPreferences.MaxPrice> maxPrice = Combinators.combine(
        Arbitraries.longs().between(0, 20).injectNull(0.3), Arbitraries.longs().between(0, 20).injectNull(0.3))
        .as(ProviderPreferences.MaxPrice::new).injectNull(0.5);
    Arbitrary<List<String>> mostlyEmpty = Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.just(List.<String>of())), Tuple.of(1, providerList));
    return Combinators.combine(mostlyEmpty, mostlyEmpty, mostlyEmpty, mostly(true),
        Arbitraries.of(ProviderPreferences.Sort.class).injectNull(0.5), maxPrice.injectNull(0.4), mostly(false),
        mostly(false)).as(ProviderPreferences::new);
  }

  /** {@code usual} three times in four. */
  private static Arbitrary<Boolean> mostly(boolean usual) {
    return Arbitraries.frequency(Tuple.of(3, usual), Tuple.of(1, !usual));
  }

  private Arbitrary<RequestNeeds> needs() {
    return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false), Arbitraries.of(true, false),
        Arbitraries.longs().between(0, 300), Arbitraries.longs().between(0, 200)).as(RequestNeeds::new);
  }
}
