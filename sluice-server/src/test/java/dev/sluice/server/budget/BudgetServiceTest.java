package dev.sluice.server.budget;

import static dev.sluice.server.budget.Fixture.CENT;
import static dev.sluice.server.budget.Fixture.T0;
import static dev.sluice.server.budget.Fixture.key;
import static dev.sluice.server.budget.Fixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.core.budget.BudgetPeriod;
import dev.sluice.core.error.ErrorKind;
import dev.sluice.core.error.GatewayException;
import dev.sluice.server.admission.Budgets.Reservation;
import dev.sluice.server.admission.RequestScopes;
import dev.sluice.server.admission.ScopeType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BudgetServiceTest {
  @TempDir Path dir;
  Fixture f;

  @BeforeEach
  void setUp() {
    f = new Fixture(dir);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private static final RequestScopes ML = request("key_a", null, "ml", null, Map.of());

  @Test
  void refusesWith402NamingTheBudgetAndShowingLimitSettledAndReserved() {
    Budget b = f.budget("team:ml", BudgetPeriod.MONTHLY, 100 * CENT);
    BudgetService s = f.start();
    s.reserve(ML, 60 * CENT, false);

    GatewayException refused = catchThrowableOfType(GatewayException.class, () -> s.reserve(ML, 50 * CENT, false));

    assertThat(refused.kind()).isEqualTo(ErrorKind.INSUFFICIENT_QUOTA);
    assertThat(refused.kind().status()).isEqualTo(402);
    assertThat(refused.code()).isEqualTo("insufficient_quota");
    assertThat(refused.getMessage()).contains("team:ml").contains("monthly").contains(b.id())
        .contains("limit of $1.00").contains("settled $0.00").contains("reserved $0.60")
        .contains("worst-case cost of $0.50").contains("2025-07-01T00:00:00Z");
    assertThat(s.reserve(ML, 40 * CENT, false)).isNotSameAs(Reservation.NONE); // exactly full is allowed
  }

  @Test
  void nothingAppliesMeansNoReservation() {
    f.budget("team:ml", BudgetPeriod.MONTHLY, CENT);
    BudgetService s = f.start();
    assertThat(s.reserve(request("key_a", null, "ops", null, Map.of()), 100 * CENT, false))
        .isSameAs(Reservation.NONE);
  }

  @Test
  void startsFromTheLedgerForTheCurrentWindow() {
    f.budget("team:ml", BudgetPeriod.MONTHLY, 100 * CENT);
    f.ledger.with("team:ml", 90 * CENT);
    BudgetService s = f.start();

    assertThatThrownBy(() -> s.reserve(ML, 20 * CENT, false)).hasMessageContaining("settled $0.90");
    s.reserve(ML, 10 * CENT, false);

    FakeSpend.Call call = f.ledger.calls.getFirst();
    assertThat(call.from()).isEqualTo(Instant.parse("2025-06-01T00:00:00Z"));
    assertThat(call.to()).isEqualTo(Instant.parse("2025-07-01T00:00:00Z"));
    assertThat(f.ledger.callsFor("team:ml")).isEqualTo(1); // loaded once, then counted in memory
  }

  @Test
  void settleReplacesTheWorstCaseWithTheRealCost() {
    f.budget("team:ml", BudgetPeriod.MONTHLY, 100 * CENT);
    BudgetService s = f.start();
    Reservation r = s.reserve(ML, 60 * CENT, false);
    assertThat(window(s)).isEqualTo(new long[] {0, 60 * CENT});

    r.settle(10 * CENT);

    assertThat(window(s)).isEqualTo(new long[] {10 * CENT, 0});
    s.reserve(ML, 90 * CENT, false); // the 50 cents the request did not use are free again
  }

  @Test
  void settleAndReleaseActExactlyOnce() {
    f.budget("team:ml", BudgetPeriod.MONTHLY, 100 * CENT);
    BudgetService s = f.start();
    Reservation settled = s.reserve(ML, 40 * CENT, false);
    settled.settle(30 * CENT);
    settled.settle(30 * CENT);
    settled.release();
    Reservation released = s.reserve(ML, 40 * CENT, false);
    released.release();
    released.release();
    released.settle(40 * CENT);

    assertThat(window(s)).isEqualTo(new long[] {30 * CENT, 0});
    assertThat(s.liveReservations()).isZero();
  }

  @Test
  void aCostAboveTheWorstCaseIsRecordedAsOverspend() {
    f.budget("team:ml", BudgetPeriod.MONTHLY, 100 * CENT);
    BudgetService s = f.start();
    s.reserve(ML, 10 * CENT, false).settle(25 * CENT);

    assertThat(window(s)).isEqualTo(new long[] {25 * CENT, 0});
    assertThat(s.overspentNanos()).isEqualTo(15 * CENT);
  }

  @Test
  void aRefusalTakesNothingFromTheBudgetsThatDidFit() {
    f.budget("team:ml", BudgetPeriod.MONTHLY, 100 * CENT);
    f.budget("user:ann", BudgetPeriod.DAILY, 10 * CENT);
    BudgetService s = f.start();
    RequestScopes both = request("key_a", "ann", "ml", null, Map.of());

    assertThatThrownBy(() -> s.reserve(both, 20 * CENT, false)).hasMessageContaining("user:ann (daily");

    assertThat(s.budgets()).allSatisfy(st -> assertThat(st.windows().getFirst().reservedNanos()).isZero());
    s.reserve(both, 10 * CENT, false);
    assertThat(s.budgets()).allSatisfy(st -> assertThat(st.windows().getFirst().reservedNanos()).isEqualTo(10 * CENT));
  }

  @Test
  void anEachBudgetKeepsOneWindowPerScopeId() {
    Budget each = f.budget("key:*", BudgetPeriod.DAILY, 50 * CENT);
    BudgetService s = f.start();
    s.reserve(key("key_a"), 40 * CENT, false);
    s.reserve(key("key_b"), 40 * CENT, false);

    assertThatThrownBy(() -> s.reserve(key("key_a"), 20 * CENT, false))
        .hasMessageContaining("key:key_a (daily, each key:*, " + each.id() + ")");
    assertThat(s.budgets().getFirst().windows()).extracting(BudgetService.WindowSpend::scopeId)
        .containsExactly("key_a", "key_b");
    assertThat(f.ledger.callsFor("key:key_a")).isEqualTo(1);
  }

  @Test
  void anEachBudgetReadsANewScopeIdFromTheLedgerOnFirstSight() {
    f.budget("key:*", BudgetPeriod.DAILY, 50 * CENT);
    f.ledger.with("key:key_a", 45 * CENT);
    BudgetService s = f.start();
    assertThat(f.ledger.calls).isEmpty(); // nothing to preload: the keys are not known yet

    assertThatThrownBy(() -> s.reserve(key("key_a"), 10 * CENT, false)).hasMessageContaining("settled $0.45");
    s.reserve(key("key_b"), 10 * CENT, false);
    FakeSpend.Call call = f.ledger.calls.getFirst();
    assertThat(call.from()).isEqualTo(Instant.parse("2025-06-14T00:00:00Z"));
    assertThat(call.to()).isEqualTo(Instant.parse("2025-06-15T00:00:00Z"));
  }

  @Test
  void prepareLoadsOffTheCallingThreadAndReserveThenNeedsNoLoad() throws Exception {
    f.budget("key:*", BudgetPeriod.DAILY, 50 * CENT);
    BudgetService s = f.start();
    f.ledger.gate = new CountDownLatch(1);

    CompletionStage<Void> ready = s.prepare(key("key_a"));
    assertThat(ready.toCompletableFuture()).isNotDone();
    f.ledger.gate.countDown();
    ready.toCompletableFuture().get(5, TimeUnit.SECONDS);

    s.reserve(key("key_a"), 10 * CENT, false);
    assertThat(f.ledger.callsFor("key:key_a")).isEqualTo(1);
    assertThat(s.prepare(key("key_a")).toCompletableFuture()).isDone();
  }

  @Test
  void aSlowLedgerIsARetryable503AfterTheLoadTimeoutNeverAnUncheckedAdmission() {
    f.budget("key:*", BudgetPeriod.DAILY, 50 * CENT);
    BudgetService s = f.start(null, new BudgetService.Options(Duration.ofMinutes(15), Duration.ofMillis(100),
        Duration.ZERO, 1, Duration.ofMillis(10)));
    f.ledger.gate = new CountDownLatch(1);

    long start = System.nanoTime();
    GatewayException e = catchThrowableOfType(GatewayException.class, () -> s.reserve(key("key_a"), CENT, false));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(e.kind()).isEqualTo(ErrorKind.OVERLOADED);
    assertThat(e.retryAfterSeconds()).isEqualTo(1);
    assertThat(e.getMessage()).contains("key:key_a");
    f.ledger.gate.countDown();
    org.awaitility.Awaitility.await().untilAsserted(() -> s.reserve(key("key_a"), CENT, false));
  }

  @Test
  void aFailingLedgerIsA503AndTheLoadIsTriedAgain() {
    f.budget("key:*", BudgetPeriod.DAILY, 50 * CENT);
    BudgetService s = f.start();
    f.ledger.failure = new IllegalStateException("store down");

    assertThatThrownBy(() -> s.reserve(key("key_a"), CENT, false)).isInstanceOfSatisfying(GatewayException.class,
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.OVERLOADED));
    f.ledger.failure = null;
    assertThat(s.reserve(key("key_a"), CENT, false)).isNotSameAs(Reservation.NONE);
  }

  @Test
  void tagBudgetsAreSharedAcrossKeysAndEachValueBudgetsSplitByValue() {
    f.budget("tag:cost_center=cc-42", BudgetPeriod.MONTHLY, 100 * CENT);
    f.budget("tag:project=*", BudgetPeriod.MONTHLY, 30 * CENT);
    BudgetService s = f.start();
    Map<String, String> cc42 = Map.of("cost_center", "cc-42");

    s.reserve(request("key_a", null, null, null, cc42), 60 * CENT, false);
    assertThatThrownBy(() -> s.reserve(request("key_b", null, null, null, cc42), 50 * CENT, false))
        .hasMessageContaining("tag:cost_center=cc-42 (monthly");
    s.reserve(request("key_b", null, null, null, Map.of("cost_center", "cc-7")), 50 * CENT, false);
    assertThat(s.reserve(key("key_b"), 50 * CENT, false)).isSameAs(Reservation.NONE);

    s.reserve(request("key_a", null, null, null, Map.of("project", "x")), 30 * CENT, false);
    s.reserve(request("key_a", null, null, null, Map.of("project", "y")), 30 * CENT, false);
    assertThatThrownBy(() -> s.reserve(request("key_b", null, null, null, Map.of("project", "x")), CENT, false))
        .hasMessageContaining("tag:project=x (monthly, each tag:project=*");
  }

  @Test
  void aBudgetThatRefusesUnpricedModelsSaysSo() {
    f.budgets.set(BudgetScope.parse("team:ml"), BudgetPeriod.MONTHLY, 100 * CENT, true, T0);
    f.budget("team:ops", BudgetPeriod.MONTHLY, 100 * CENT);
    BudgetService s = f.start();

    GatewayException e = catchThrowableOfType(GatewayException.class, () -> s.reserve(ML, 0, true));

    assertThat(e.kind()).isEqualTo(ErrorKind.INSUFFICIENT_QUOTA);
    assertThat(e.code()).isEqualTo("unpriced_model");
    assertThat(e.getMessage()).contains("team:ml").contains("without a known price").contains("gpt-4o-mini");
    assertThat(s.reserve(ML, 0, false)).isNotSameAs(Reservation.NONE); // priced: fine
    assertThat(s.reserve(request("key_a", null, "ops", null, Map.of()), 0, true)).isNotSameAs(Reservation.NONE);
  }

  @Test
  void anOrgWithCreditsMustFitItsBalance() {
    f.ledger.with("org:acme", 30 * CENT);
    BudgetService s = f.start();
    RequestScopes acme = request("key_a", null, null, "acme", Map.of());
    assertThat(s.reserve(acme, 500 * CENT, false)).isSameAs(Reservation.NONE); // no credits: not metered

    s.addCredits("acme", 100 * CENT, "trial");

    GatewayException e = catchThrowableOfType(GatewayException.class, () -> s.reserve(acme, 80 * CENT, false));
    assertThat(e.kind()).isEqualTo(ErrorKind.INSUFFICIENT_QUOTA);
    assertThat(e.getMessage()).contains("Insufficient credits for org acme").contains("balance $0.70")
        .contains("granted $1.00").contains("spent $0.30");
    Reservation r = s.reserve(acme, 70 * CENT, false);
    assertBalance(s.credits("acme"), 100, 30, 70, 0);

    r.settle(50 * CENT);
    assertBalance(s.credits("acme"), 100, 80, 0, 20);
    f.clock.advance(Duration.ofMinutes(1));
    s.addCredits("acme", 100 * CENT, null);
    assertBalance(s.credits("acme"), 200, 80, 0, 120);
    assertThat(s.credits("acme").grants()).extracting(CreditGrant::note).containsExactly("trial", null);
    s.reserve(acme, 120 * CENT, false);
  }

  @Test
  void creditsGrantedBeforeStartAreLoadedWithTheOrgsAllTimeSpend() {
    f.credits.add("acme", 100 * CENT, null, T0);
    f.ledger.with("org:acme", 99 * CENT);
    BudgetService s = f.start();

    assertThatThrownBy(() -> s.reserve(request("k", null, null, "acme", Map.of()), 2 * CENT, false))
        .hasMessageContaining("balance $0.01");
    FakeSpend.Call call = f.ledger.calls.getFirst();
    assertThat(call.type()).isEqualTo(ScopeType.ORG);
    assertThat(call.from()).isEqualTo(Instant.EPOCH);
  }

  @Test
  void theWindowRollsOverAtMidnightUtcExactlyOnce() {
    f.budget("key:key_a", BudgetPeriod.DAILY, 100 * CENT);
    f.budget("key:key_a", BudgetPeriod.MONTHLY, 150 * CENT);
    BudgetService s = f.start();
    s.reserve(key("key_a"), 90 * CENT, false).settle(90 * CENT);
    f.clock.set(Instant.parse("2025-06-14T23:59:59.999Z"));
    assertThatThrownBy(() -> s.reserve(key("key_a"), 20 * CENT, false)).hasMessageContaining("(daily");

    f.clock.set(Instant.parse("2025-06-15T00:00:00Z"));
    s.reserve(key("key_a"), 50 * CENT, false).settle(50 * CENT); // the day restarted, the month did not
    assertThatThrownBy(() -> s.reserve(key("key_a"), 20 * CENT, false)).hasMessageContaining("(monthly");

    f.clock.set(Instant.parse("2025-06-14T23:00:00Z")); // the clock steps back: no second reset
    assertThat(settledByPeriod(s)).isEqualTo(Map.of(BudgetPeriod.DAILY, 50 * CENT, BudgetPeriod.MONTHLY, 140 * CENT));
    f.clock.set(Instant.parse("2025-07-01T00:00:00Z"));
    assertThat(settledByPeriod(s)).isEqualTo(Map.of(BudgetPeriod.DAILY, 0L, BudgetPeriod.MONTHLY, 0L));
  }

  @Test
  void aReservationMadeBeforeTheRolloverStillHoldsRoomAndSettlesIntoTheNewWindow() {
    f.budget("key:key_a", BudgetPeriod.DAILY, 100 * CENT);
    BudgetService s = f.start();
    s.reserve(key("key_a"), 10 * CENT, false).settle(10 * CENT);
    Reservation running = s.reserve(key("key_a"), 60 * CENT, false);

    f.clock.set(Instant.parse("2025-06-15T00:00:01Z"));
    assertThat(window(s)).isEqualTo(new long[] {0, 60 * CENT});
    assertThatThrownBy(() -> s.reserve(key("key_a"), 50 * CENT, false)).hasMessageContaining("reserved $0.60");
    running.settle(55 * CENT);
    assertThat(window(s)).isEqualTo(new long[] {55 * CENT, 0});
  }

  @Test
  void theReaperReleasesReservationsOlderThanTheMaximumAge() {
    f.budget("team:ml", BudgetPeriod.MONTHLY, 100 * CENT);
    BudgetService s = f.start();
    Reservation leaked = s.reserve(ML, 60 * CENT, false);
    f.clock.advance(Duration.ofMinutes(10));
    Reservation young = s.reserve(ML, 30 * CENT, false);

    f.clock.advance(Duration.ofMinutes(6));
    assertThat(s.reapExpired()).isEqualTo(1);

    assertThat(window(s)).isEqualTo(new long[] {0, 30 * CENT});
    leaked.settle(60 * CENT); // too late: already released, ignored
    young.settle(30 * CENT);
    assertThat(window(s)).isEqualTo(new long[] {30 * CENT, 0});
    assertThat(s.liveReservations()).isZero();
  }

  @Test
  void theReaperRunsOnItsOwn() {
    f.budget("team:ml", BudgetPeriod.MONTHLY, 100 * CENT);
    BudgetService s = f.start(null, new BudgetService.Options(Duration.ofSeconds(1), Duration.ofSeconds(1),
        Duration.ZERO, 1, Duration.ofMillis(10)));
    s.reserve(ML, 60 * CENT, false);
    f.clock.advance(Duration.ofSeconds(2));

    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(s.liveReservations()).isZero());
    assertThat(window(s)).isEqualTo(new long[] {0, 0});
  }

  @Test
  void budgetsSetThroughTheServiceApplyAtOnceAndDeletedOnesStop() {
    BudgetService s = f.start();
    BudgetRepository.Saved saved = s.setBudget(BudgetScope.parse("team:ml"), BudgetPeriod.WEEKLY, 10 * CENT, false);
    assertThat(saved.created()).isTrue();
    assertThatThrownBy(() -> s.reserve(ML, 20 * CENT, false)).hasMessageContaining("(weekly");

    BudgetRepository.Saved raised = s.setBudget(BudgetScope.parse("team:ml"), BudgetPeriod.WEEKLY, 30 * CENT, false);
    assertThat(raised.created()).isFalse();
    assertThat(raised.budget().id()).isEqualTo(saved.budget().id());
    Reservation r = s.reserve(ML, 20 * CENT, false);

    assertThat(s.deleteBudget(saved.budget().id())).isTrue();
    assertThat(s.deleteBudget(saved.budget().id())).isFalse();
    assertThat(s.reserve(ML, 500 * CENT, false)).isSameAs(Reservation.NONE);
    r.settle(20 * CENT); // a reservation against a deleted budget still ends cleanly
    assertThat(s.budgets()).isEmpty();
  }

  @Test
  void reloadPicksUpWhatTheCommandLineWroteToTheStore() {
    BudgetService s = f.start();
    Budget b = f.budget("team:ml", BudgetPeriod.MONTHLY, 10 * CENT); // as `sluice budgets set` does
    f.credits.add("acme", 5 * CENT, null, T0);
    assertThat(s.reserve(ML, 20 * CENT, false)).isSameAs(Reservation.NONE);

    s.reload();

    assertThatThrownBy(() -> s.reserve(ML, 20 * CENT, false)).hasMessageContaining(b.id());
    assertThatThrownBy(() -> s.reserve(request("k", null, null, "acme", Map.of()), 6 * CENT, false))
        .hasMessageContaining("org acme");
    f.budgets.delete(b.id());
    s.reload();
    assertThat(s.reserve(ML, 20 * CENT, false)).isSameAs(Reservation.NONE);
  }

  @Test
  void spendShowsSettledAndReservedForAScopeWithOrWithoutABudget() {
    f.budget("key:*", BudgetPeriod.MONTHLY, 100 * CENT);
    f.ledger.with("team:ml", 7 * CENT);
    BudgetService s = f.start();
    RequestScopes r = request("key_a", null, "ml", null, Map.of());
    s.reserve(r, 10 * CENT, false).settle(4 * CENT);
    s.reserve(r, 20 * CENT, false);

    BudgetService.Spend key = s.spend(BudgetScope.parse("key:key_a"), BudgetPeriod.MONTHLY);
    assertThat(key.settledNanos()).isEqualTo(4 * CENT);
    assertThat(key.reservedNanos()).isEqualTo(20 * CENT);
    assertThat(key.windowStart()).isEqualTo(Instant.parse("2025-06-01T00:00:00Z"));

    BudgetService.Spend team = s.spend(BudgetScope.parse("team:ml"), BudgetPeriod.DAILY); // no budget: ledger
    assertThat(team.settledNanos()).isEqualTo(7 * CENT);
    assertThat(team.reservedNanos()).isEqualTo(20 * CENT);
  }

  private static void assertBalance(BudgetService.CreditBalance b, long granted, long spent, long reserved,
      long balance) {
    assertThat(new long[] {b.grantedNanos(), b.spentNanos(), b.reservedNanos(), b.balanceNanos()})
        .isEqualTo(new long[] {granted * CENT, spent * CENT, reserved * CENT, balance * CENT});
  }

  private static Map<BudgetPeriod, Long> settledByPeriod(BudgetService s) {
    return s.budgets().stream().collect(java.util.stream.Collectors.toMap(st -> st.budget().period(),
        st -> st.windows().getFirst().settledNanos()));
  }

  /** {settled, reserved} of the first budget's first window. */
  private static long[] window(BudgetService s) {
    BudgetService.WindowSpend w = s.budgets().getFirst().windows().getFirst();
    return new long[] {w.settledNanos(), w.reservedNanos()};
  }
}
