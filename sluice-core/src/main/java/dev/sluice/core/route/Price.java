package dev.sluice.core.route;

/** List price in integer micro-dollars per million tokens (never floating point). */
public record Price(long inputMicrosPerMTok, long outputMicrosPerMTok) {

  /** Worst-case micro-dollars (rounded up) for this many tokens in and out. */
  public long costMicros(long inputTokens, long outputTokens) {
    return ceilDiv(Math.multiplyExact(inputTokens, inputMicrosPerMTok), 1_000_000)
        + ceilDiv(Math.multiplyExact(outputTokens, outputMicrosPerMTok), 1_000_000);
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
