package dev.sluice.server.limit;

import static dev.sluice.server.limit.LimitKind.CONCURRENCY;
import static dev.sluice.server.limit.LimitKind.RPM;
import static dev.sluice.server.limit.LimitKind.TPM;
import static dev.sluice.server.limit.Rules.request;
import static dev.sluice.server.limit.Rules.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.admission.RateLimits.Permit;
import dev.sluice.server.admission.RequestScopes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Properties of the service over random request sequences with an injected clock (see {@link Trials} for
 * seeds and replay).
 */
class RateLimitPropertiesTest {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

  /**
   * GCRA's promise, checked on what was admitted: in any window of length {@code w}, at most
   * {@code limit + ceil(w / T) − 1} requests, {@code T = ceil(60 s / limit)}; so at most {@code limit} at
   * one instant and {@code 2·limit − 1} in one minute (a burst, then the refill), never the unbounded
   * boundary bursts of fixed windows. Also: a refusal comes only within one interval {@code T} of the last
   * admission (no starvation), and waiting Retry-After seconds is enough for the same request to pass.
   */
  @Test
  void rpmAdmitsNoMoreThanGcraAllowsInAnyWindow() {
    Trials.run(/* baseSeed= */ 6_000, /* trials= */ 300, rnd -> {
      int limit = rnd.nextInt(1, 121);
      long interval = Math.ceilDiv(MINUTE, limit);
      TestClock clock = new TestClock();
      RateLimitService service = new RateLimitService(
          () -> List.of(rule("l1", "key:*", RPM, limit)), new InMemoryLimitStore(), clock);
      List<Long> admitted = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        clock.advanceNanos(gap(rnd, interval));
        Permit p = service.acquire(request("key_a", null), 0);
        if (p.allowed()) {
          admitted.add(clock.nanos());
          continue;
        }
        assertThat(admitted).as("refused before anything was admitted").isNotEmpty();
        assertThat(clock.nanos() - admitted.get(admitted.size() - 1))
            .as("refused although a unit has come back since the last admission").isLessThan(interval);
        assertThat(p.refusal()).isEqualTo("key:key_a rpm " + limit);
        if (rnd.nextInt(3) == 0) {
          clock.advanceSeconds(p.retryAfterSeconds());
          assertThat(service.acquire(request("key_a", null), 0).allowed()).as("after Retry-After").isTrue();
          admitted.add(clock.nanos());
        }
      }
      for (long window : new long[] {1, SECOND, 10 * SECOND, MINUTE, 5 * MINUTE}) {
        long bound = limit + Math.ceilDiv(window, interval) - 1;
        assertThat(maxInAnyWindow(admitted, window)).as("limit %d, window %d ns", limit, window)
            .isLessThanOrEqualTo(bound);
      }
      assertThat(maxInAnyWindow(admitted, MINUTE)).isLessThanOrEqualTo(2L * limit - 1);
    });
  }

  /**
   * Several rules on one request (rpm per key and team, tpm per team and tag, concurrency per key and
   * team): a refusal by any of them leaves every counter exactly as it was, and counters never pass
   * their limits.
   */
  @Test
  void aRefusalLeavesEveryCounterAsItWas() {
    Set<String> refusedBy = new TreeSet<>();
    Trials.run(/* baseSeed= */ 7_000, /* trials= */ 200, rnd -> {
      TestClock clock = new TestClock();
      InMemoryLimitStore store = new InMemoryLimitStore();
      Map<String, Long> concurrencyLimits = new HashMap<>();
      List<LimitRule> rules = List.of(
          rule("a-rpm-key", "key:*", RPM, rnd.nextInt(1, 20)),
          rule("b-rpm-ml", "team:ml", RPM, rnd.nextInt(1, 20)),
          rule("c-tpm-team", "team:*", TPM, rnd.nextInt(100, 5000)),
          rule("d-tpm-tag", "tag:cc=*", TPM, rnd.nextInt(100, 5000)),
          rule("e-conc-key", "key:*", CONCURRENCY, rnd.nextInt(1, 4)),
          rule("f-conc-ml", "team:ml", CONCURRENCY, rnd.nextInt(1, 6)));
      rules.stream().filter(r -> r.kind() == CONCURRENCY).forEach(r -> concurrencyLimits.put(r.id(), r.limit()));
      RateLimitService service = new RateLimitService(() -> rules, store, clock);
      List<Permit> held = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        clock.advanceNanos(rnd.nextInt(4) == 0 ? rnd.nextLong(0, 10 * SECOND) : 0);
        if (!held.isEmpty() && rnd.nextInt(3) == 0) {
          held.remove(rnd.nextInt(held.size())).complete(rnd.nextLong(0, 3000));
          continue;
        }
        Map<String, Long> buckets = store.liveBuckets(clock.nanos());
        Map<String, Long> slots = store.inFlightByKey();
        Permit p = service.acquire(randomRequest(rnd), rnd.nextLong(0, 1500));
        if (p.allowed()) {
          held.add(p);
        } else {
          refusedBy.add(p.refusal().split(" ")[1]); // "team:ml tpm 100" → tpm
          assertThat(store.liveBuckets(clock.nanos())).as("GCRA buckets after " + p.refusal()).isEqualTo(buckets);
          assertThat(store.inFlightByKey()).as("slots after " + p.refusal()).isEqualTo(slots);
        }
        store.inFlightByKey().forEach((key, n) ->
            assertThat(n).as(key).isLessThanOrEqualTo(concurrencyLimits.get(key.split("\\|")[0])));
      }
      held.forEach(p -> p.complete(0));
      assertThat(store.inFlightByKey()).as("every slot released").isEmpty();
    });
    assertThat(refusedBy).as("every kind of rule refused in some trial").containsExactly("concurrency", "rpm", "tpm");
  }

  /** In-flight counts follow a model of the held permits exactly, never pass the limit, and end at zero. */
  @Test
  void concurrencyNeverPassesItsLimitAndEverySlotIsReleased() {
    Trials.run(/* baseSeed= */ 8_000, /* trials= */ 300, rnd -> {
      InMemoryLimitStore store = new InMemoryLimitStore();
      long perKey = rnd.nextInt(1, 6);
      long perTeam = rnd.nextInt(1, 9);
      RateLimitService service = new RateLimitService(() -> List.of(
          rule("k", "key:*", CONCURRENCY, perKey), rule("t", "team:ml", CONCURRENCY, perTeam)), store, new TestClock());
      record Held(Permit permit, String key) {}
      List<Held> held = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        if (!held.isEmpty() && rnd.nextBoolean()) {
          Held h = held.remove(rnd.nextInt(held.size()));
          h.permit().complete(0);
          if (rnd.nextInt(4) == 0) {
            h.permit().complete(0); // a second completion must not free a second slot
          }
        } else {
          String key = "key_" + rnd.nextInt(3);
          Permit p = service.acquire(request(key, "ml"), 0);
          long keyHeld = held.stream().filter(h -> h.key().equals(key)).count();
          assertThat(p.allowed()).as("free slots: key %d/%d, team %d/%d", keyHeld, perKey, held.size(), perTeam)
              .isEqualTo(keyHeld < perKey && held.size() < perTeam);
          if (p.allowed()) {
            held.add(new Held(p, key));
          }
        }
        Map<String, Long> expected = new TreeMap<>();
        for (Held h : held) {
          expected.merge("k|" + h.key(), 1L, Long::sum);
          expected.merge("t", 1L, Long::sum);
        }
        assertThat(store.inFlightByKey()).isEqualTo(expected);
      }
      held.forEach(h -> h.permit().complete(0));
      assertThat(store.inFlightByKey()).isEmpty();
    });
  }

  /**
   * Tokens settle to the real count: a request that estimated {@code E} and used {@code A ≤ E} leaves the
   * bucket exactly as asking for {@code A} would have (requests one after another, any time between
   * acquire and complete). Using more than estimated never leaves it looser than asking for {@code A}.
   */
  @Test
  void tpmRefundsTheEstimateDownToTheActualCount() {
    Trials.run(/* baseSeed= */ 9_000, /* trials= */ 300, rnd -> {
      long limit = rnd.nextLong(100, 100_000);
      TestClock clock = new TestClock();
      InMemoryLimitStore estimating = new InMemoryLimitStore();
      InMemoryLimitStore knowing = new InMemoryLimitStore();
      List<LimitRule> rules = List.of(rule("l1", "key:key_a", TPM, limit));
      RateLimitService byEstimate = new RateLimitService(() -> rules, estimating, clock);
      RateLimitService byActual = new RateLimitService(() -> rules, knowing, clock);
      for (int i = 0; i < 50; i++) {
        long estimate = rnd.nextLong(0, limit / 4 + 1);
        boolean over = i == 49;
        long actual = over ? estimate + rnd.nextLong(1, limit / 4 + 2) : rnd.nextLong(0, estimate + 1);
        Permit a = byEstimate.acquire(request("key_a", null), estimate);
        Permit b = byActual.acquire(request("key_a", null), actual);
        if (!a.allowed() || !b.allowed()) {
          return; // the twins diverge from here; what was checked so far stands
        }
        clock.advanceNanos(rnd.nextLong(0, 20 * SECOND));
        a.complete(actual);
        b.complete(actual);
        long now = clock.nanos();
        if (over) {
          assertThat(estimating.liveBuckets(now).getOrDefault("l1", now))
              .isGreaterThanOrEqualTo(knowing.liveBuckets(now).getOrDefault("l1", now));
        } else {
          assertThat(estimating.liveBuckets(now)).isEqualTo(knowing.liveBuckets(now));
        }
        clock.advanceNanos(rnd.nextLong(0, 20 * SECOND));
      }
    });
  }

  private static RequestScopes randomRequest(SplittableRandom rnd) {
    String team = switch (rnd.nextInt(3)) {
      case 0 -> "ml";
      case 1 -> "web";
      default -> null;
    };
    Map<String, String> tags = rnd.nextBoolean() ? Map.of("cc", rnd.nextBoolean() ? "x" : "y") : Map.of();
    return new RequestScopes("key_" + rnd.nextInt(3), null, team, null, "openai/gpt-4o", tags);
  }

  /** Bursts (no gap), bursts spread over a few intervals, pauses, and long silences. */
  private static long gap(SplittableRandom rnd, long interval) {
    int pick = rnd.nextInt(20);
    if (pick < 10) {
      return 0;
    }
    if (pick < 16) {
      return rnd.nextLong(0, 2 * interval);
    }
    if (pick < 19) {
      return rnd.nextLong(0, 10 * SECOND);
    }
    return rnd.nextLong(0, 90 * SECOND);
  }

  /** The most timestamps in any half-open window {@code [t, t + width)}; the list is sorted. */
  private static long maxInAnyWindow(List<Long> times, long width) {
    long max = 0;
    int end = 0;
    for (int start = 0; start < times.size(); start++) {
      while (end < times.size() && times.get(end) - times.get(start) < width) {
        end++;
      }
      max = Math.max(max, end - start);
    }
    return max;
  }
}
