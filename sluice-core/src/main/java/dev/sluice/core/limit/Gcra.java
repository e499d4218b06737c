package dev.sluice.core.limit;

/**
 * The generic cell rate algorithm (GCRA), the arithmetic behind Sluice's rate limits: requests per minute,
 * tokens per minute. Pure and stateless: the caller keeps one number per key, the theoretical arrival time
 * (TAT), and swaps in {@link Result#newTatNanos()} atomically (a CAS in memory, a script in Redis later).
 *
 * <p><b>Semantics</b> (what the docs must say): a token bucket of {@code limit} units that refills evenly
 * over {@code period}. A fresh key may spend its whole {@code limit} at once (burst = limit), and after that
 * one unit every emission interval {@code T = period / limit}. So over any stretch of time {@code w} at most
 * {@code limit + w / T} units are admitted: the long-run rate never exceeds {@code limit} per {@code period},
 * but a sliding window of one {@code period} can see up to twice {@code limit} (a full burst, then the
 * refill). That is GCRA's (and OpenAI's) meaning of "N per minute", not a sliding-window log.
 *
 * <p><b>Integer time.</b> {@code T} is {@code ceil(period / limit)} nanoseconds, so the admitted rate never
 * exceeds the configured one, and the burst tolerance is {@code limit * T} (the period rounded up to whole
 * intervals: at most {@code limit - 1} nanoseconds more than the period), so exactly {@code limit} unit
 * requests fit at one instant. A limit above one unit per nanosecond behaves as one per nanosecond.
 *
 * <p>Times are nanoseconds on a clock that starts at 0 or later (e.g. nanoseconds since the limiter was
 * built, not raw {@link System#nanoTime()}, which may be negative); a TAT of 0 means "fresh". All arithmetic
 * saturates instead of overflowing.
 */
public final class Gcra {
  private Gcra() {}

  /**
   * One decision.
   *
   * @param allowed whether the request conforms and was counted
   * @param newTatNanos the TAT to store: advanced when allowed, the one passed in when refused
   * @param retryAfterNanos 0 when allowed; else how long until the same request would be allowed ({@code
   *     Retry-After})
   * @param remaining whole units that could still be spent right now, after this request if it was allowed
   *     ({@code x-ratelimit-remaining-*})
   * @param resetAfterNanos how long until the bucket is full again ({@code x-ratelimit-reset-*})
   */
  public record Result(boolean allowed, long newTatNanos, long retryAfterNanos, long remaining,
      long resetAfterNanos) {}

  /**
   * Admits or refuses a request costing {@code cost} units (1 for a request, N for N tokens).
   *
   * <ul>
   *   <li>{@code tat' = max(tat, now)}; {@code newTat = tat' + cost·T}; allowed iff {@code newTat − now ≤
   *       limit·T} (≈ the period).
   *   <li>Refused: the TAT is unchanged and {@code retryAfter = newTat − limit·T − now}; waiting that long
   *       makes the same request conform.
   *   <li>{@code cost > limit} can never conform: refused with {@code retryAfter = period}, only a hint, since
   *       waiting will not help; callers should refuse it as too large rather than ask for a retry.
   *   <li>{@code cost = 0} is a peek: allowed, nothing spent, and the remaining/reset fields describe now.
   * </ul>
   *
   * @throws IllegalArgumentException if {@code tat} or {@code now} or {@code cost} is negative, or
   *     {@code limit} or {@code period} is not positive
   */
  public static Result check(long tatNanos, long nowNanos, long cost, long limit, long periodNanos) {
    if (tatNanos < 0 || nowNanos < 0 || cost < 0 || limit <= 0 || periodNanos <= 0) {
      throw new IllegalArgumentException("tat " + tatNanos + ", now " + nowNanos + ", cost " + cost + ", limit "
          + limit + ", period " + periodNanos);
    }
    long interval = emissionInterval(limit, periodNanos);
    long tolerance = saturatedMultiply(limit, interval);
    long backlog = Math.max(tatNanos, nowNanos) - nowNanos; // 0 ≤ backlog: both are non-negative longs
    if (cost > limit) {
      return new Result(false, tatNanos, periodNanos, remaining(tolerance, backlog, interval), backlog);
    }
    long newBacklog = saturatedAdd(backlog, saturatedMultiply(cost, interval));
    if (newBacklog <= tolerance) {
      long newTat = saturatedAdd(nowNanos, newBacklog);
      return new Result(true, newTat, 0, remaining(tolerance, newBacklog, interval), newBacklog);
    }
    return new Result(false, tatNanos, newBacklog - tolerance, remaining(tolerance, backlog, interval), backlog);
  }

  /**
   * Gives back {@code cost} units taken earlier (the estimate was higher than the real count): the TAT moves
   * back by {@code cost·T}, never below 0. Moving it back past "now" gives nothing extra: {@link #check}
   * starts from {@code max(tat, now)}, so a bucket can never hold more than {@code limit} units. Refunding
   * units that were never taken is the caller's bug; this cannot tell.
   */
  public static long refund(long tatNanos, long cost, long limit, long periodNanos) {
    if (tatNanos < 0 || cost < 0 || limit <= 0 || periodNanos <= 0) {
      throw new IllegalArgumentException("tat " + tatNanos + ", cost " + cost + ", limit " + limit + ", period "
          + periodNanos);
    }
    // both non-negative: the difference cannot overflow
    return Math.max(0, tatNanos - increment(cost, limit, periodNanos));
  }

  /**
   * How far {@code cost} units move a TAT: {@code cost·T} nanoseconds, saturating. For settling a request
   * that used more than it reserved ({@code max(tat, now) + increment}), and for reporting what a rolled-back
   * take gave back.
   */
  public static long increment(long cost, long limit, long periodNanos) {
    if (cost < 0 || limit <= 0 || periodNanos <= 0) {
      throw new IllegalArgumentException("cost " + cost + ", limit " + limit + ", period " + periodNanos);
    }
    return saturatedMultiply(cost, emissionInterval(limit, periodNanos));
  }

  /** {@code ceil(period / limit)}, at least 1 ns. */
  static long emissionInterval(long limit, long periodNanos) {
    return Math.max(1, -Math.floorDiv(-periodNanos, limit));
  }

  private static long remaining(long tolerance, long backlog, long interval) {
    return Math.max(0, (tolerance - backlog) / interval);
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum; // only non-negative arguments here
  }

  private static long saturatedMultiply(long a, long b) {
    return Math.multiplyHigh(a, b) != 0 || a * b < 0 ? Long.MAX_VALUE : a * b;
  }
}
