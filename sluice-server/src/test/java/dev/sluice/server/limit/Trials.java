package dev.sluice.server.limit;

import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Seeded random trials for the property tests: each trial gets its own generator, and a failure names the
 * seed that reproduces it ({@code Trials.replay(seed, body)}).
 *
 * <p>Written without jqwik because sluice-server's test classpath does not have it (only sluice-core's
 * does); each body takes its generated input from the generator, so it moves to {@code @Property} as is.
 */
final class Trials {
  private Trials() {}

  static void run(long baseSeed, int trials, Consumer<SplittableRandom> body) {
    for (int i = 0; i < trials; i++) {
      long seed = baseSeed + i;
      replay(seed, body);
    }
  }

  static void replay(long seed, Consumer<SplittableRandom> body) {
    try {
      body.accept(new SplittableRandom(seed));
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("trial with seed " + seed + " failed: " + e.getMessage(), e);
    }
  }
}
