package dev.sluice.bench;

import java.util.List;

/**
 * How long and how hard each scenario runs. Durations are per target and per round; rounds alternate the targets
 * so drift in the machine (JIT, other load) hits all of them alike. Scenario (f) reuses (b)'s duration and rounds
 * for its non-stream runs and (d)'s (and {@code dModel}) for its streams, and {@code warmMs} to warm the
 * translation path.
 */
record Plan(
    long warmMs,
    long aMs, int aRounds,
    long bMs, int bRounds,
    long sweepMs, List<Integer> rates, int sweepPool,
    long dMs, int dRounds, String dModel, List<Integer> dConcurrency,
    String eModel, int eStreams) {

  /**
   * The full run. The warm-up is 25 s per target: after 10 s the gateway still ran at about half its speed (a
   * second (b) round right after the first served twice as many requests: JIT compilation was not done), so the
   * first scenario measured a JVM still compiling.
   */
  static Plan full() {
    return new Plan(25_000, 5_000, 3, 4_000, 2, 5_000,
        List.of(250, 500, 1000, 1500, 2000, 3000, 4000, 6000, 8000), 256,
        6_000, 2, "chunks-50-gap-10", List.of(32, 128), "chunks-200-gap-50", 1000);
  }

  /** Every scenario in well under a minute (2 targets) or about a minute (with nginx). */
  static Plan quick() {
    return new Plan(1_500, 1_500, 1, 1_500, 1, 1_000, List.of(500, 1000, 2000, 4000), 256,
        2_000, 1, "chunks-50-gap-10", List.of(32, 128), "chunks-40-gap-50", 1000);
  }

  /** For the smoke test: tiny counts, sanity only. */
  static Plan tiny() {
    return new Plan(300, 500, 1, 300, 1, 300, List.of(200), 16,
        1_000, 1, "chunks-5-gap-10", List.of(4), "chunks-5-gap-20", 20);
  }

  /** Every model name the scenarios ask for (the gateway's config lists them). */
  List<String> models() {
    return List.of("gpt-4o-mini", "slow-50", dModel, eModel);
  }
}
