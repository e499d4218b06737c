package dev.sluice.server.limit;

import dev.sluice.core.limit.Gcra;

/** The time {@code cost} units occupy in a GCRA bucket, by {@link Gcra}'s own arithmetic. */
final class GcraSpans {
  private GcraSpans() {}

  /**
   * {@code cost · T} with Gcra's rounding of {@code T} and its saturation. Gcra exposes the emission
   * interval only through {@link Gcra#refund}, which moves a TAT back by exactly this span; refunding from
   * {@link Long#MAX_VALUE} reads it off without copying the rounding rule (which must never drift apart).
   */
  static long of(long cost, long limit, long periodNanos) {
    return Long.MAX_VALUE - Gcra.refund(Long.MAX_VALUE, cost, limit, periodNanos);
  }
}
