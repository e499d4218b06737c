package dev.sluice.core.route;

import static dev.sluice.core.route.Specs.dep;
import static dev.sluice.core.route.Specs.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.error.ErrorKind;
import dev.sluice.core.error.GatewayException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlannerTest {
  private static final Set<String> PROVIDERS = Set.of("openai", "anthropic", "groq", "azure");
  private static final ProviderPreferences REQUIRE =
      new ProviderPreferences(List.of(), List.of(), List.of(), true, null, null, /* requireParameters= */ true, false);

  private final Map<String, VirtualModel> aliases = new HashMap<>();

  private Planner planner() {
    return new Planner(new RouteCatalog(PROVIDERS, aliases, (p, m) -> DeploymentSpec.of(p, m, null, null)),
        new Random(7));
  }

  private void alias(String name, Strategy strategy, List<String> fallbacks, DeploymentSpec... deployments) {
    aliases.put(name, new VirtualModel(name, strategy, List.of(deployments), fallbacks, false));
  }

  private static ProviderPreferences prefs(List<String> order, List<String> only, List<String> ignore,
      ProviderPreferences.Sort sort) {
    return new ProviderPreferences(order, only, ignore, true, sort, null, false, false);
  }

  private static RouteRequest request(String model, ProviderPreferences prefs) {
    return new RouteRequest(List.of(model), prefs, RequestNeeds.NONE);
  }

  private static List<String> ids(Plan plan) {
    return plan.attempts().stream().map(a -> a.deployment().id()).toList();
  }

  private static List<String> skips(Plan plan) {
    return plan.skipped().stream().map(s -> s.deploymentId() + "=" + s.reason()).toList();
  }

  private Plan plan(RouteRequest request) {
    return planner().plan(request, HealthView.ALL_HEALTHY);
  }

  // ---- filters, one reason each

  @Test
  void onlyKeepsListedProviders() {
    alias("m", Strategy.PRIORITY, List.of(), dep("openai/a"), dep("anthropic/b"), dep("groq/c"));
    Plan plan = plan(request("m", prefs(List.of(), List.of("openai", "groq"), List.of(), null)));
    assertThat(ids(plan)).containsExactlyInAnyOrder("openai/a", "groq/c");
    assertThat(skips(plan)).containsExactly("anthropic/b=not in provider.only");
  }

  @Test
  void ignoreDropsListedProviders() {
    alias("m", Strategy.PRIORITY, List.of(), dep("openai/a"), dep("anthropic/b"));
    Plan plan = plan(request("m", prefs(List.of(), List.of(), List.of("openai"), null)));
    assertThat(ids(plan)).containsExactly("anthropic/b");
    assertThat(skips(plan)).containsExactly("openai/a=in provider.ignore");
  }

  @Test
  void requireParametersSkipsDeploymentsMissingWhatTheRequestUsesAndNamesIt() {
    alias("m", Strategy.PRIORITY, List.of(),
        spec("openai/notools").capabilities(false, true, true).build(),
        spec("groq/textonly").capabilities(false, false, false).build(),
        spec("anthropic/all").build());
    RequestNeeds needs = new RequestNeeds(true, false, true, 10, 10);
    Plan plan = planner().plan(new RouteRequest(List.of("m"), REQUIRE, needs), HealthView.ALL_HEALTHY);
    assertThat(ids(plan)).containsExactly("anthropic/all");
    assertThat(skips(plan)).containsExactly("openai/notools=does not support tools",
        "groq/textonly=does not support tools, images");

    Plan relaxed =
        planner().plan(new RouteRequest(List.of("m"), ProviderPreferences.NONE, needs), HealthView.ALL_HEALTHY);
    assertThat(relaxed.attempts()).hasSize(3);
  }

  @Test
  void jsonSchemaIsNamedWhenMissing() {
    alias("m", Strategy.PRIORITY, List.of(), spec("openai/a").capabilities(true, false, true).build(), dep("groq/b"));
    Plan plan = planner().plan(new RouteRequest(List.of("m"), REQUIRE, new RequestNeeds(false, true, false, 0, 0)),
        HealthView.ALL_HEALTHY);
    assertThat(skips(plan)).containsExactly("openai/a=does not support json schema");
  }

  @Test
  void denyDataCollectionKeepsOnlyZeroRetention() {
    alias("m", Strategy.PRIORITY, List.of(), dep("openai/a"), spec("azure/b").zeroRetention().build());
    ProviderPreferences deny = new ProviderPreferences(List.of(), List.of(), List.of(), true, null, null, false, true);
    Plan plan = plan(request("m", deny));
    assertThat(ids(plan)).containsExactly("azure/b");
    assertThat(skips(plan)).containsExactly("openai/a=may retain data");
  }

  @Test
  void maxPriceSkipsTheUnpricedAndTheTooExpensiveOnEitherSide() {
    alias("m", Strategy.PRIORITY, List.of(),
        spec("openai/cheap").price(1_000_000, 2_000_000).build(),
        spec("openai/pricey-in").price(5_000_000, 2_000_000).build(),
        spec("openai/pricey-out").price(1_000_000, 9_000_000).build(),
        dep("groq/unpriced"));
    ProviderPreferences max = new ProviderPreferences(List.of(), List.of(), List.of(), true, null,
        new ProviderPreferences.MaxPrice(2_000_000L, 4_000_000L), false, false);
    Plan plan = plan(request("m", max));
    assertThat(ids(plan)).containsExactly("openai/cheap");
    assertThat(skips(plan)).containsExactly("openai/pricey-in=price above max_price",
        "openai/pricey-out=price above max_price", "groq/unpriced=unpriced, max_price set");
  }

  @Test
  void aMaxPriceWithOneSideBoundsOnlyThatSide() {
    alias("m", Strategy.PRIORITY, List.of(), spec("openai/a").price(1, 9_000_000).build());
    ProviderPreferences max = new ProviderPreferences(List.of(), List.of(), List.of(), true, null,
        new ProviderPreferences.MaxPrice(2L, null), false, false);
    assertThat(ids(plan(request("m", max)))).containsExactly("openai/a");
  }

  @Test
  void contextWindowMustHoldPromptPlusOutputCap() {
    alias("m", Strategy.PRIORITY, List.of(),
        spec("openai/small").contextWindow(8_000).build(),
        spec("openai/exact").contextWindow(9_000).build(),
        dep("openai/unknown"));
    Plan plan = planner().plan(new RouteRequest(List.of("m"), ProviderPreferences.NONE,
        new RequestNeeds(false, false, false, 8_000, 1_000)), HealthView.ALL_HEALTHY);
    assertThat(ids(plan)).containsExactlyInAnyOrder("openai/exact", "openai/unknown");
    assertThat(skips(plan)).containsExactly("openai/small=context window 8000 too small");
  }

  @Test
  void unavailableDeploymentsAreSkippedWithTheHealthReason() {
    alias("m", Strategy.PRIORITY, List.of(), dep("openai/a"), dep("groq/b"));
    Plan plan = planner().plan(request("m", ProviderPreferences.NONE),
        new FakeHealth().unavailable("openai/a", "circuit open for 12s"));
    assertThat(ids(plan)).containsExactly("groq/b");
    assertThat(skips(plan)).containsExactly("openai/a=circuit open for 12s");
    assertThat(plan.explain()).isEqualTo("strategy=priority; skipped openai/a=circuit open for 12s");
  }

  // ---- unknown names

  @Test
  void anUnknownRequestedModelIs404() {
    assertThatThrownBy(() -> plan(RouteRequest.of("nope")))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
          assertThat(e.code()).isEqualTo("model_not_found");
          assertThat(e.getMessage()).contains("nope");
        });
  }

  @Test
  void anUnknownProviderInPreferencesIs400NamingItAndTheField() {
    alias("m", Strategy.WEIGHTED, List.of(), dep("openai/a"));
    assertThatThrownBy(() -> plan(request("m", prefs(List.of(), List.of("openai", "mistral"), List.of(), null))))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
          assertThat(e.param()).isEqualTo("provider.only");
          assertThat(e.getMessage()).startsWith("Unknown provider 'mistral' in provider.only");
        });
    assertThatThrownBy(() -> plan(request("m", prefs(List.of("mistral"), List.of(), List.of(), null))))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.param()).isEqualTo("provider.order"));
    assertThatThrownBy(() -> plan(request("m", prefs(List.of(), List.of(), List.of("mistral"), null))))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.param()).isEqualTo("provider.ignore"));
  }

  // ---- ordering by preferences

  @Test
  void orderPutsListedProvidersFirstInThatOrderAndTheRestAfter() {
    alias("m", Strategy.PRIORITY, List.of(),
        spec("openai/a").priority(0).build(), spec("anthropic/b").priority(1).build(),
        spec("groq/c").priority(2).build(), spec("azure/d").priority(3).build());
    Plan plan = plan(request("m", prefs(List.of("groq", "anthropic"), List.of(), List.of(), null)));
    assertThat(ids(plan)).containsExactly("groq/c", "anthropic/b", "openai/a", "azure/d");
    assertThat(plan.strategy()).isEqualTo("order=[groq, anthropic]");
  }

  @Test
  void sortByPriceIsCheapestForThisRequestFirstAndUnpricedLast() {
    alias("m", Strategy.PRIORITY, List.of(),
        dep("groq/unpriced"),
        spec("openai/cheap-in").price(1_000_000, 50_000_000).build(),
        spec("openai/cheap-out").price(10_000_000, 1_000_000).build());
    ProviderPreferences byPrice = prefs(List.of(), List.of(), List.of(), ProviderPreferences.Sort.PRICE);
    // long prompt, short answer: the input price decides
    Plan promptHeavy = planner().plan(new RouteRequest(List.of("m"), byPrice,
        new RequestNeeds(false, false, false, 100_000, 10)), HealthView.ALL_HEALTHY);
    assertThat(ids(promptHeavy)).containsExactly("openai/cheap-in", "openai/cheap-out", "groq/unpriced");
    // short prompt, long answer: the output price decides
    Plan outputHeavy = planner().plan(new RouteRequest(List.of("m"), byPrice,
        new RequestNeeds(false, false, false, 10, 100_000)), HealthView.ALL_HEALTHY);
    assertThat(ids(outputHeavy)).containsExactly("openai/cheap-out", "openai/cheap-in", "groq/unpriced");
    assertThat(outputHeavy.strategy()).isEqualTo("sort=price");
  }

  @Test
  void sortByLatencyIsFastestFirstWithUnmeasuredBeforeAll() {
    alias("m", Strategy.PRIORITY, List.of(), dep("openai/slow"), dep("groq/fast"), dep("azure/new"));
    FakeHealth health = new FakeHealth().latency("openai/slow", 900).latency("groq/fast", 120);
    Plan plan = planner().plan(request("m", prefs(List.of(), List.of(), List.of(), ProviderPreferences.Sort.LATENCY)),
        health);
    assertThat(ids(plan)).containsExactly("azure/new", "groq/fast", "openai/slow");
    assertThat(plan.strategy()).isEqualTo("sort=latency");
  }

  @Test
  void sortByThroughputIsMostTokensPerSecondFirstWithUnmeasuredBeforeAll() {
    alias("m", Strategy.PRIORITY, List.of(), dep("openai/slow"), dep("groq/fast"), dep("azure/new"));
    FakeHealth health = new FakeHealth().throughput("openai/slow", 40).throughput("groq/fast", 500);
    Plan plan = planner().plan(
        request("m", prefs(List.of(), List.of(), List.of(), ProviderPreferences.Sort.THROUGHPUT)), health);
    assertThat(ids(plan)).containsExactly("azure/new", "groq/fast", "openai/slow");
  }

  // ---- strategies

  @Test
  void priorityGroupsComeInOrderAndALowerGroupLeadsOnlyWhenTheHigherIsOut() {
    alias("m", Strategy.PRIORITY, List.of(),
        spec("openai/backup").priority(1).build(), spec("openai/p1").build(), spec("groq/p2").build());
    for (int i = 0; i < 50; i++) {
      assertThat(ids(plan(RouteRequest.of("m"))).get(2)).isEqualTo("openai/backup");
    }
    FakeHealth firstGroupOut = new FakeHealth().unavailable("openai/p1", "circuit open for 3s")
        .unavailable("groq/p2", "at max_concurrent 4");
    assertThat(ids(planner().plan(RouteRequest.of("m"), firstGroupOut))).containsExactly("openai/backup");
  }

  @Test
  void roundRobinRotatesTheStartOncePerPlan() {
    alias("m", Strategy.ROUND_ROBIN, List.of(), dep("openai/a"), dep("groq/b"), dep("azure/c"));
    Planner planner = planner();
    List<String> firsts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      firsts.add(ids(planner.plan(RouteRequest.of("m"), HealthView.ALL_HEALTHY)).get(0));
    }
    assertThat(firsts).containsExactly("openai/a", "groq/b", "azure/c", "openai/a");
    assertThat(ids(planner.plan(RouteRequest.of("m"), HealthView.ALL_HEALTHY)))
        .containsExactly("groq/b", "azure/c", "openai/a");
  }

  @Test
  void leastInflightIsFewestInFlightFirst() {
    alias("m", Strategy.LEAST_INFLIGHT, List.of(), dep("openai/a"), dep("groq/b"), dep("azure/c"));
    FakeHealth health = new FakeHealth().inflight("openai/a", 3).inflight("azure/c", 1);
    assertThat(ids(planner().plan(RouteRequest.of("m"), health))).containsExactly("groq/b", "azure/c", "openai/a");
  }

  @Test
  void lowestLatencyAndLowestCostStrategiesSortLikeTheirRequestSorts() {
    alias("lat", Strategy.LOWEST_LATENCY, List.of(), dep("openai/slow"), dep("groq/fast"));
    alias("cost", Strategy.LOWEST_COST, List.of(), spec("openai/dear").price(9, 9).build(),
        spec("groq/cheap").price(1, 1).build());
    FakeHealth health = new FakeHealth().latency("openai/slow", 900).latency("groq/fast", 100);
    assertThat(ids(planner().plan(RouteRequest.of("lat"), health))).containsExactly("groq/fast", "openai/slow");
    assertThat(ids(planner().plan(RouteRequest.of("cost"), health))).containsExactly("groq/cheap", "openai/dear");
    assertThat(planner().plan(RouteRequest.of("lat"), health).strategy()).isEqualTo("lowest-latency");
  }

  @Test
  void weightsAreHonouredWithinAStatisticalBound() {
    alias("m", Strategy.WEIGHTED, List.of(), spec("openai/a").weight(3).build(), spec("groq/b").weight(1).build());
    Planner planner = planner();
    int aFirst = 0;
    for (int i = 0; i < 10_000; i++) {
      Plan plan = planner.plan(RouteRequest.of("m"), HealthView.ALL_HEALTHY);
      assertThat(plan.attempts()).hasSize(2); // the other one is always the backup
      if (plan.attempts().get(0).deployment().id().equals("openai/a")) {
        aFirst++;
      }
    }
    assertThat(aFirst).isBetween(7_000, 8_000); // expected 7,500; sd ~43
  }

  // ---- fallbacks

  @Test
  void fallbacksFollowDepthFirstRequestModelsThenConfigOnesEachOnceAndUnknownOnesAreSkips() {
    alias("a", Strategy.WEIGHTED, List.of("c", "ghost", "a"), dep("openai/a1"));
    alias("b", Strategy.WEIGHTED, List.of("a"), dep("groq/b1"));
    alias("c", Strategy.WEIGHTED, List.of("a", "openai/direct"), dep("azure/c1"));
    RouteRequest request = new RouteRequest(List.of("a", "b", "nope/x"), ProviderPreferences.NONE, RequestNeeds.NONE);
    Plan plan = plan(request);
    assertThat(plan.attempts()).extracting(a -> a.deployment().id() + " via " + a.viaModel()).containsExactly(
        "openai/a1 via a", "azure/c1 via c", "openai/direct via openai/direct", "groq/b1 via b");
    assertThat(skips(plan)).containsExactly("ghost=unknown model", "nope/x=unknown model");
  }

  @Test
  void aDeploymentSharedByTwoModelsIsPlannedOnce() {
    alias("a", Strategy.WEIGHTED, List.of("b"), dep("openai/shared"), dep("groq/a"));
    alias("b", Strategy.WEIGHTED, List.of(), dep("openai/shared"), dep("azure/b"));
    assertThat(ids(plan(RouteRequest.of("a")))).doesNotHaveDuplicates().hasSize(3).endsWith("azure/b");
  }

  @Test
  void withoutFallbacksOnlyTheFirstAttemptRemains() {
    alias("a", Strategy.PRIORITY, List.of("b"), dep("openai/a1"), dep("groq/a2"));
    alias("b", Strategy.WEIGHTED, List.of(), dep("azure/b1"));
    ProviderPreferences noFallbacks = new ProviderPreferences(List.of(), List.of(), List.of(), false, null, null,
        false, false);
    Plan plan = planner().plan(new RouteRequest(List.of("a", "b"), noFallbacks, RequestNeeds.NONE),
        HealthView.ALL_HEALTHY);
    assertThat(plan.attempts()).hasSize(1);
    assertThat(plan.attempts().get(0).viaModel()).isEqualTo("a");
  }

  @Test
  void strategyAndContinuationComeFromTheFirstModel() {
    aliases.put("a", new VirtualModel("a", Strategy.ROUND_ROBIN, List.of(dep("openai/a1")), List.of("b"), true));
    alias("b", Strategy.PRIORITY, List.of(), dep("groq/b1"));
    Plan plan = plan(RouteRequest.of("a"));
    assertThat(plan.strategy()).isEqualTo("round-robin");
    assertThat(plan.midStreamContinuation()).isTrue();
  }

  // ---- empty plans

  @Test
  void whenEveryDeploymentIsOnlyUnavailableTheAnswerIs503ListingEach() {
    alias("m", Strategy.WEIGHTED, List.of("ghost"), dep("openai/a"), dep("groq/b"));
    FakeHealth health = new FakeHealth().unavailable("openai/a", "circuit open for 30s")
        .unavailable("groq/b", "rate limited for 2s (Retry-After)");
    assertThatThrownBy(() -> planner().plan(RouteRequest.of("m"), health))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.OVERLOADED);
          assertThat(e.kind().status()).isEqualTo(503);
          assertThat(e.code()).isEqualTo("no_available_deployment");
          assertThat(e.getMessage()).isEqualTo("No deployment of model 'm' is available right now: "
              + "openai/a=circuit open for 30s; groq/b=rate limited for 2s (Retry-After); ghost=unknown model");
        });
  }

  @Test
  void whenAnyDeploymentIsRuledOutByTheRequestTheAnswerIs400ListingEach() {
    alias("m", Strategy.WEIGHTED, List.of(), dep("openai/a"), dep("groq/b"));
    FakeHealth health = new FakeHealth().unavailable("openai/a", "circuit open for 30s");
    assertThatThrownBy(() -> planner().plan(request("m", prefs(List.of(), List.of(), List.of("groq"), null)), health))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
          assertThat(e.code()).isEqualTo("no_eligible_deployment");
          assertThat(e.getMessage()).isEqualTo("No deployment of model 'm' can serve this request: "
              + "openai/a=circuit open for 30s; groq/b=in provider.ignore");
        });
  }
}
