package dev.sluice.bench.jmh;

import dev.sluice.core.key.KeyHasher;
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
 * {@link KeyHasher#hash}: HMAC-SHA-256 of a 48-character virtual key under a 32-byte secret, hex-encoded;
 * the key cache's lookup key, so every authenticated request pays it once.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class KeyHasherBench {
  private KeyHasher hasher;
  private String key;

  @Setup
  public void setUp() {
    byte[] secret = new byte[32];
    new SplittableRandom(7).nextBytes(secret);
    hasher = new KeyHasher(secret);
    key = VirtualKeys.generate(new SplittableRandom(42));
    if (hasher.hash(key).length() != 64) {
      throw new IllegalStateException("not a hex SHA-256");
    }
  }

  @Benchmark
  public String hash() {
    return hasher.hash(key);
  }
}
