package dev.sluice.core.price;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.model.Usage;
import dev.sluice.core.model.UsageSource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Cost grows with every kind of token and never goes negative; the worst case bounds every real cost.
 * Usage is built from its disjoint parts (uncached input, cache reads, cache writes, text output,
 * reasoning), because the totals contain the parts: adding a cache read adds one prompt token too.
 */
class CostPropertiesTest {

  /** Disjoint token counts: uncached, cacheRead, cacheWrite, text, reasoning. */
  record Parts(long uncached, long cacheRead, long cacheWrite, long text, long reasoning) {
    Usage usage() {
      return new Usage(uncached + cacheRead + cacheWrite, cacheRead, cacheWrite, text + reasoning, reasoning,
          UsageSource.REPORTED);
    }

    Parts plus(int which, long k) {
      return new Parts(uncached + (which == 0 ? k : 0), cacheRead + (which == 1 ? k : 0),
          cacheWrite + (which == 2 ? k : 0), text + (which == 3 ? k : 0), reasoning + (which == 4 ? k : 0));
    }
  }

  @Provide
  Arbitrary<Price> prices() {
    Arbitrary<Long> rate = Arbitraries.longs().between(0, 200_000_000); // up to $200 per million tokens
    Arbitrary<Long> optional = rate.injectNull(0.3);
    Arbitrary<Long> fee = Arbitraries.longs().between(0, 1_000_000);
    return Combinators.combine(rate, rate, optional, optional, optional, fee, fee).as(Price::new);
  }

  @Provide
  Arbitrary<Parts> parts() {
    Arbitrary<Long> count = Arbitraries.longs().between(0, 10_000_000);
    return Combinators.combine(count, count, count, count, count).as(Parts::new);
  }

  @Property
  void costIsMonotonicInEveryTokenCountAndNeverNegative(@ForAll("prices") Price price, @ForAll("parts") Parts parts,
      @ForAll @IntRange(min = 0, max = 4) int which, @ForAll @LongRange(min = 1, max = 1_000_000) long more,
      @ForAll @IntRange(min = 0, max = 10) int images) {
    Cost before = CostCalculator.of(price, parts.usage(), images);
    Cost after = CostCalculator.of(price, parts.plus(which, more).usage(), images);
    assertThat(before.nanos()).isNotNegative();
    assertThat(after.nanos()).isGreaterThanOrEqualTo(before.nanos());
    assertThat(CostCalculator.of(price, parts.usage(), images + 1).nanos()).isGreaterThanOrEqualTo(before.nanos());
  }

  @Property
  void worstCaseBoundsEveryRealCost(@ForAll("prices") Price price, @ForAll("parts") Parts parts) {
    Usage u = parts.usage();
    long worst = CostCalculator.worstCaseNanos(price, u.inputTokens(), u.outputTokens());
    assertThat(CostCalculator.of(price, u, 0).nanos()).isLessThanOrEqualTo(worst);
  }

  @Property
  void hugeCountsSaturateInsteadOfWrapping(@ForAll("prices") Price price,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 4) long tokens) {
    Usage u = new Usage(tokens, tokens / 3, tokens / 3, tokens, tokens / 2, UsageSource.ESTIMATED);
    assertThat(CostCalculator.of(price, u, Integer.MAX_VALUE).nanos()).isNotNegative();
    assertThat(CostCalculator.worstCaseNanos(price, Long.MAX_VALUE, Long.MAX_VALUE)).isNotNegative();
  }
}
