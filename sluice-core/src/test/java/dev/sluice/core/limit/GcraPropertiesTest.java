package dev.sluice.core.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.LongRange;

/**
 * What GCRA promises, over random arrival sequences. With burst = limit it is a token bucket, so the bound
 * on any stretch of time {@code w} is {@code limit + w/T} units (T = the emission interval), not
 * {@code limit} per sliding window; {@link GcraTest#aBurstThenTheRefillExceedsLimitWithinOnePeriod} shows
 * the difference.
 */
class GcraPropertiesTest {

  record Arrival(long gapNanos, long cost) {}

  record Scenario(long limit, long periodNanos, List<Arrival> arrivals) {}

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<Long> limit = Arbitraries.longs().between(1, 50);
    Arbitrary<Long> period = Arbitraries.longs().between(1, 10_000);
    return Combinators.combine(limit, period).flatAs((l, p) -> {
      Arbitrary<Long> gap = Arbitraries.frequencyOf(
          Tuple.of(3, Arbitraries.just(0L)),
          Tuple.of(5, Arbitraries.longs().between(0, Math.max(1, p / l))),
          Tuple.of(2, Arbitraries.longs().between(0, 2 * p)));
      Arbitrary<Long> cost = Arbitraries.longs().between(0, l + 2);
      return Combinators.combine(gap, cost).as(Arrival::new).list().ofMaxSize(200)
          .map(arrivals -> new Scenario(l, p, arrivals));
    });
  }

  /** Times and costs of what was admitted. */
  private static List<long[]> run(Scenario s, long start) {
    List<long[]> admitted = new ArrayList<>();
    long tat = 0;
    long now = start;
    for (Arrival a : s.arrivals()) {
      now += a.gapNanos();
      Gcra.Result r = Gcra.check(tat, now, a.cost(), s.limit(), s.periodNanos());
      if (r.allowed()) {
        assertThat(r.newTatNanos()).isGreaterThanOrEqualTo(now);
        assertThat(r.remaining()).isBetween(0L, s.limit());
        tat = r.newTatNanos();
        admitted.add(new long[] {now, a.cost()});
      } else {
        assertThat(r.newTatNanos()).isEqualTo(tat);
        assertThat(r.retryAfterNanos()).isPositive();
      }
    }
    return admitted;
  }

  @Property
  void neverAdmitsMoreThanTheBucketPlusItsRefill(@ForAll("scenarios") Scenario s,
      @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long start) {
    long interval = Gcra.emissionInterval(s.limit(), s.periodNanos());
    List<long[]> admitted = run(s, start);
    // between the i-th and j-th admission (inclusive), units·T ≤ (t_j − t_i) + limit·T
    for (int i = 0; i < admitted.size(); i++) {
      long units = 0;
      for (int j = i; j < admitted.size(); j++) {
        units += admitted.get(j)[1];
        long span = admitted.get(j)[0] - admitted.get(i)[0];
        assertThat(units * interval).isLessThanOrEqualTo(span + s.limit() * interval);
      }
    }
    // and so the long-run rate never exceeds limit per period
    if (!admitted.isEmpty()) {
      long total = admitted.stream().mapToLong(a -> a[1]).sum();
      long span = admitted.get(admitted.size() - 1)[0] - admitted.get(0)[0];
      assertThat(total).isLessThanOrEqualTo(s.limit() + span / interval);
    }
  }

  @Property
  void aFreshBucketAdmitsExactlyLimitUnitRequestsAtOneInstant(@ForAll @LongRange(min = 1, max = 10_000) long limit,
      @ForAll @LongRange(min = 1, max = 1_000_000_000_000L) long period,
      @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long now) {
    long tat = 0;
    for (long i = 0; i < limit; i++) {
      Gcra.Result r = Gcra.check(tat, now, 1, limit, period);
      assertThat(r.allowed()).isTrue();
      assertThat(r.remaining()).isEqualTo(limit - i - 1);
      tat = r.newTatNanos();
    }
    assertThat(Gcra.check(tat, now, 1, limit, period).allowed()).isFalse();
  }

  @Property
  void aRefusedRequestIsAdmittedAfterRetryAfter(@ForAll("scenarios") Scenario s,
      @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long start) {
    long tat = 0;
    long now = start;
    for (Arrival a : s.arrivals()) {
      now += a.gapNanos();
      Gcra.Result r = Gcra.check(tat, now, a.cost(), s.limit(), s.periodNanos());
      if (r.allowed()) {
        tat = r.newTatNanos();
      } else if (a.cost() <= s.limit()) {
        assertThat(Gcra.check(tat, now + r.retryAfterNanos(), a.cost(), s.limit(), s.periodNanos()).allowed())
            .isTrue();
        assertThat(Gcra.check(tat, now + r.retryAfterNanos() - 1, a.cost(), s.limit(), s.periodNanos()).allowed())
            .as("and not a nanosecond sooner").isFalse();
      }
    }
  }

  @Property
  void refundingWhatWasTakenRestoresTheBucket(@ForAll("scenarios") Scenario s,
      @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long now) {
    long tat = 0;
    for (Arrival a : s.arrivals()) {
      Gcra.Result before = Gcra.check(tat, now, 0, s.limit(), s.periodNanos());
      Gcra.Result r = Gcra.check(tat, now, a.cost(), s.limit(), s.periodNanos());
      if (r.allowed()) {
        long back = Gcra.refund(r.newTatNanos(), a.cost(), s.limit(), s.periodNanos());
        assertThat(Gcra.check(back, now, 0, s.limit(), s.periodNanos()).remaining()).isEqualTo(before.remaining());
        tat = r.newTatNanos();
      }
    }
  }
}
