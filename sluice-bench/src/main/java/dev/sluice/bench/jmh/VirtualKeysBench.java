package dev.sluice.bench.jmh;

import dev.sluice.core.key.VirtualKeys;
import java.util.SplittableRandom;
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
 * {@link VirtualKeys#isWellFormed}, the check every request's key passes before the key cache or the store
 * is touched: a valid key (prefix, length, alphabet, CRC-32 checksum all computed) and a made-up key of the
 * right shape whose checksum does not match (the same work, then rejected).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class VirtualKeysBench {
  private String valid;
  private String badChecksum;

  @Setup
  public void setUp() {
    valid = VirtualKeys.generate(new SplittableRandom(42));
    char last = valid.charAt(valid.length() - 1);
    badChecksum = valid.substring(0, valid.length() - 1) + (last == 'a' ? 'b' : 'a');
    if (!VirtualKeys.isWellFormed(valid) || VirtualKeys.isWellFormed(badChecksum)) {
      throw new IllegalStateException("unexpected key check result");
    }
  }

  @Benchmark
  public boolean isWellFormedValid() {
    return VirtualKeys.isWellFormed(valid);
  }

  @Benchmark
  public boolean isWellFormedBadChecksum() {
    return VirtualKeys.isWellFormed(badChecksum);
  }
}
