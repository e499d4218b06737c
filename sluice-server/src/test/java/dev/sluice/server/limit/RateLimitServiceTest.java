package dev.sluice.server.limit;

import static dev.sluice.server.limit.LimitKind.CONCURRENCY;
import static dev.sluice.server.limit.LimitKind.RPM;
import static dev.sluice.server.limit.LimitKind.TPM;
import static dev.sluice.server.limit.Rules.request;
import static dev.sluice.server.limit.Rules.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.admission.RateLimits.Permit;
import dev.sluice.server.admission.RequestScopes;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitServiceTest {
  private final TestClock clock = new TestClock();
  private final InMemoryLimitStore store = new InMemoryLimitStore();
  private final Rules rules = new Rules();

  private RateLimitService service(LimitRule... limits) {
    rules.set(limits);
    return new RateLimitService(rules::get, store, clock);
  }

  @Test
  void withoutApplyingRulesEveryRequestIsUnlimited() {
    RateLimitService limits = service(rule("l1", "team:ml", RPM, 1));
    assertThat(limits.acquire(request("key_a", "web"), 10)).isSameAs(Permit.UNLIMITED);
    assertThat(limits.acquire(request("key_a", null), 10)).isSameAs(Permit.UNLIMITED);
  }

  @Test
  void headersFollowOpenAisNamesAndFormats() {
    RateLimitService limits = service(rule("l1", "key:key_a", RPM, 60), rule("l2", "key:key_a", TPM, 1000));
    Permit p = limits.acquire(request("key_a", null), 100);
    assertThat(p.allowed()).isTrue();
    assertThat(p.refusal()).isNull();
    // rpm: T = 1 s, one taken; tpm: T = 60 ms, 100 taken = 6 s of backlog.
    assertThat(p.headers()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "x-ratelimit-limit-requests", "60",
        "x-ratelimit-remaining-requests", "59",
        "x-ratelimit-reset-requests", "1s",
        "x-ratelimit-limit-tokens", "1000",
        "x-ratelimit-remaining-tokens", "900",
        "x-ratelimit-reset-tokens", "6s"));
  }

  @Test
  void headersDescribeTheTightestRuleOfEachKind() {
    RateLimitService limits = service(rule("l1", "key:key_a", RPM, 60), rule("l2", "team:ml", RPM, 10));
    Permit p = limits.acquire(request("key_a", "ml"), 0);
    assertThat(p.headers())
        .containsEntry("x-ratelimit-limit-requests", "10")
        .containsEntry("x-ratelimit-remaining-requests", "9")
        .containsEntry("x-ratelimit-reset-requests", "6s")
        .doesNotContainKey("x-ratelimit-limit-tokens");
  }

  @Test
  void aRefusalNamesTheRuleAndTheWaitThatMakesTheRetrySucceed() {
    RateLimitService limits = service(rule("l1", "key:key_a", RPM, 2));
    assertThat(limits.acquire(request("key_a", null), 0).allowed()).isTrue();
    assertThat(limits.acquire(request("key_a", null), 0).allowed()).isTrue();

    Permit refused = limits.acquire(request("key_a", null), 0);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.refusal()).isEqualTo("key:key_a rpm 2");
    assertThat(refused.retryAfterSeconds()).isEqualTo(30); // T = 30 s: the next unit comes back in 30 s
    assertThat(refused.headers())
        .containsEntry("x-ratelimit-remaining-requests", "0")
        .containsEntry("x-ratelimit-reset-requests", "1m0s");

    clock.advanceSeconds(29);
    assertThat(limits.acquire(request("key_a", null), 0).retryAfterSeconds()).isEqualTo(1);
    clock.advanceSeconds(1);
    assertThat(limits.acquire(request("key_a", null), 0).allowed()).isTrue();
  }

  @Test
  void retryAfterRoundsUpToWholeSeconds() {
    RateLimitService limits = service(rule("l1", "key:key_a", RPM, 7));
    for (int i = 0; i < 7; i++) {
      assertThat(limits.acquire(request("key_a", null), 0).allowed()).isTrue();
    }
    Permit refused = limits.acquire(request("key_a", null), 0);
    assertThat(refused.retryAfterSeconds()).as("T = 8.571 s").isEqualTo(9);
  }

  @Test
  void tokensSettleToTheRealCount() {
    RateLimitService limits = service(rule("l1", "key:key_a", TPM, 1000));
    Permit p = limits.acquire(request("key_a", null), 500);
    assertThat(p.headers()).containsEntry("x-ratelimit-remaining-tokens", "500");
    p.complete(200);
    assertThat(limits.acquire(request("key_a", null), 0).headers())
        .containsEntry("x-ratelimit-remaining-tokens", "800");
  }

  @Test
  void tokensBeyondTheEstimateAreTakenAndTheBucketGoesIntoDebt() {
    RateLimitService limits = service(rule("l1", "key:key_a", TPM, 1000));
    limits.acquire(request("key_a", null), 100).complete(1500); // 1,500 tokens = 90 s at 60 ms each

    Permit refused = limits.acquire(request("key_a", null), 0);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.refusal()).isEqualTo("key:key_a tpm 1000");
    assertThat(refused.retryAfterSeconds()).isEqualTo(30);
    clock.advanceSeconds(30);
    assertThat(limits.acquire(request("key_a", null), 0).allowed()).isTrue();
  }

  @Test
  void unknownUsageKeepsTheEstimate() {
    RateLimitService limits = service(rule("l1", "key:key_a", TPM, 1000));
    limits.acquire(request("key_a", null), 400).complete(-1);
    assertThat(limits.acquire(request("key_a", null), 0).headers())
        .containsEntry("x-ratelimit-remaining-tokens", "600");
  }

  @Test
  void aRequestLargerThanTheWholeTokenLimitIsRefusedAndTakesNothing() {
    RateLimitService limits = service(rule("l1", "key:key_a", RPM, 60), rule("l2", "key:key_a", TPM, 1000));
    Permit refused = limits.acquire(request("key_a", null), 1001);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.refusal()).startsWith("key:key_a tpm 1000").contains("1001 tokens exceed the whole limit");
    assertThat(refused.retryAfterSeconds()).isEqualTo(60);
    assertThat(store.liveBuckets(clock.nanos())).isEmpty();
  }

  @Test
  void aRefusalByOneRuleGivesBackWhatTheOthersTook() {
    RateLimitService limits = service(rule("l1", "key:key_a", RPM, 60), rule("l2", "team:ml", TPM, 1000),
        rule("l3", "key:key_a", CONCURRENCY, 1));
    Permit held = limits.acquire(request("key_a", "ml"), 100);
    assertThat(held.allowed()).isTrue();
    Map<String, Long> before = store.liveBuckets(clock.nanos());

    Permit refused = limits.acquire(request("key_a", "ml"), 100);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.refusal()).isEqualTo("key:key_a concurrency 1");
    assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    assertThat(store.liveBuckets(clock.nanos())).isEqualTo(before);
    assertThat(store.inFlight("l3")).isEqualTo(1);
    // The refusal's headers describe the counters as they are after the roll-back.
    assertThat(refused.headers()).containsEntry("x-ratelimit-remaining-requests", "59")
        .containsEntry("x-ratelimit-remaining-tokens", "900");

    held.complete(100);
    assertThat(store.inFlight("l3")).isZero();
    assertThat(limits.acquire(request("key_a", "ml"), 100).allowed()).isTrue();
  }

  @Test
  void completingTwiceReleasesOnce() {
    RateLimitService limits = service(rule("l1", "key:key_a", CONCURRENCY, 2));
    Permit first = limits.acquire(request("key_a", null), 0);
    assertThat(limits.acquire(request("key_a", null), 0).allowed()).isTrue();
    first.complete(0);
    first.complete(0);
    assertThat(limits.acquire(request("key_a", null), 0).allowed()).isTrue();
    assertThat(limits.acquire(request("key_a", null), 0).allowed()).isFalse();
  }

  @Test
  void anEachRuleCountsEveryIdSeparately() {
    RateLimitService limits = service(rule("l1", "key:*", RPM, 1));
    assertThat(limits.acquire(request("key_a", null), 0).allowed()).isTrue();
    assertThat(limits.acquire(request("key_b", null), 0).allowed()).isTrue();
    Permit refused = limits.acquire(request("key_a", null), 0);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.refusal()).isEqualTo("key:key_a rpm 1");
  }

  @Test
  void tagAndModelScopesApplyToTheirRequestsOnly() {
    RateLimitService limits = service(rule("l1", "tag:cost_center=*", RPM, 1),
        rule("l2", "model:openai/gpt-4o-mini", RPM, 1));
    RequestScopes cc42 = new RequestScopes("key_a", null, null, null, "openai/gpt-4o", Map.of("cost_center", "cc-42"));
    RequestScopes cc7 = new RequestScopes("key_a", null, null, null, "openai/gpt-4o", Map.of("cost_center", "cc-7"));
    RequestScopes mini = new RequestScopes("key_a", null, null, null, "openai/gpt-4o-mini", Map.of());
    assertThat(limits.acquire(cc42, 0).allowed()).isTrue();
    assertThat(limits.acquire(cc7, 0).allowed()).isTrue();
    assertThat(limits.acquire(cc42, 0).refusal()).isEqualTo("tag:cost_center=cc-42 rpm 1");
    assertThat(limits.acquire(request("key_a", null), 0)).as("no tag, other model").isSameAs(Permit.UNLIMITED);
    assertThat(limits.acquire(mini, 0).allowed()).isTrue();
    assertThat(limits.acquire(mini, 0).refusal()).isEqualTo("model:openai/gpt-4o-mini rpm 1");
  }

  @Test
  void rulesChangeOnReloadAndCountersOfKeptRulesCarryOver() {
    RateLimitService limits = service();
    assertThat(limits.acquire(request("key_a", null), 0)).isSameAs(Permit.UNLIMITED);

    rules.set(rule("l1", "key:key_a", RPM, 2));
    assertThat(limits.acquire(request("key_a", null), 0)).as("not before reload").isSameAs(Permit.UNLIMITED);
    limits.reload();
    assertThat(limits.rules()).extracting(LimitRule::id).containsExactly("l1");
    assertThat(limits.acquire(request("key_a", null), 0).allowed()).isTrue();

    rules.set(rule("l1", "key:key_a", RPM, 1)); // same rule, lower limit: the request above still counts
    limits.reload();
    assertThat(limits.acquire(request("key_a", null), 0).allowed()).isFalse();

    rules.set();
    limits.reload();
    assertThat(limits.acquire(request("key_a", null), 0)).isSameAs(Permit.UNLIMITED);
  }

  @Test
  void aChangedLimitKeepsTheBucketsFillLevelAndRefillsAtTheNewRate() {
    RateLimitService limits = service(rule("l1", "team:ml", RPM, 2));
    limits.acquire(request("key_a", "ml"), 0);
    limits.acquire(request("key_a", "ml"), 0);

    rules.set(rule("l1", "team:ml", RPM, 600));
    limits.reload();
    Permit full = limits.acquire(request("key_a", "ml"), 0);
    assertThat(full.allowed()).as("full under 2 rpm is full under 600 rpm").isFalse();
    assertThat(full.headers()).containsEntry("x-ratelimit-limit-requests", "600");
    clock.advanceNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100)); // T at 600 rpm
    assertThat(limits.acquire(request("key_a", "ml"), 0).allowed()).isTrue();
  }
}
