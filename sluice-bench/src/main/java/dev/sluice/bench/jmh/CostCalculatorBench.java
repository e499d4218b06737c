package dev.sluice.bench.jmh;

import dev.sluice.core.model.Usage;
import dev.sluice.core.model.UsageSource;
import dev.sluice.core.price.Cost;
import dev.sluice.core.price.CostCalculator;
import dev.sluice.core.price.Price;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link CostCalculator#of} for a call with cache reads, cache writes and reasoning (every term of the
 * formula non-zero, rates with fractions of a nano-dollar per token), and {@link CostCalculator#worstCaseNanos}
 * (the budget reservation made before the call). Inputs live in fields so nothing is constant-folded.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CostCalculatorBench {
  private Price price;
  private Usage usage;
  private int images;
  private long promptTokens;
  private long maxOutputTokens;

  @Setup
  public void setUp() {
    // an o-series-like list price: $1.10 in, $0.275 cached, $1.375 cache write, $4.40 out and reasoning, per M
    price = new Price(1_100_000, 4_400_000, 275_000L, 1_375_000L, 4_400_000L, 0, 0);
    usage = new Usage(12_345, 8_192, 1_024, 2_345, 1_536, UsageSource.REPORTED);
    images = 0;
    promptTokens = 12_345;
    maxOutputTokens = 4_096;
    Cost cost = CostCalculator.of(price, usage, images);
    if (!cost.priced() || cost.nanos() <= 0
        || CostCalculator.worstCaseNanos(price, promptTokens, maxOutputTokens) < cost.nanos()) {
      throw new IllegalStateException("unexpected cost " + cost);
    }
  }

  @Benchmark
  public Cost of() {
    return CostCalculator.of(price, usage, images);
  }

  @Benchmark
  public long worstCaseNanos() {
    return CostCalculator.worstCaseNanos(price, promptTokens, maxOutputTokens);
  }
}
