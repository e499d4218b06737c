package dev.sluice.core.budget;

import java.util.ArrayList;
import java.util.List;

/**
 * The arithmetic of a budget, in nano-dollars. A request is admitted only when settled spend, the live
 * reservations of requests still in flight, and its own worst case together stay within the limit, so
 * concurrent requests can never overspend and a request is never refused while there is room for it.
 */
public final class BudgetMath {
  /** Alert levels, percent of the limit: soft warnings at half and four fifths, and the limit itself. */
  public static final List<Integer> ALERT_PERCENTS = List.of(50, 80, 100);

  private BudgetMath() {}

  /**
   * Whether {@code settled + reserved + request ≤ limit}, exactly, without overflow (a sum past
   * {@link Long#MAX_VALUE} does not fit any limit).
   *
   * @throws IllegalArgumentException if any amount is negative
   */
  public static boolean fits(long settled, long reserved, long request, long limit) {
    if (settled < 0 || reserved < 0 || request < 0 || limit < 0) {
      throw new IllegalArgumentException("negative amount: settled " + settled + ", reserved " + reserved
          + ", request " + request + ", limit " + limit);
    }
    // subtract from the limit instead of adding up: every step stays in [0, limit]
    long room = limit - settled;
    if (room < 0) {
      return false;
    }
    room -= reserved;
    return room >= 0 && request <= room;
  }

  /**
   * The alert levels (of {@link #ALERT_PERCENTS}, ascending) that spend crossed going from {@code before}
   * to {@code after}: a level {@code p} is crossed when {@code before < p% of limit ≤ after}, the threshold
   * rounded up to a whole nano-dollar. Empty when spend did not grow or the limit is not positive.
   */
  public static List<Integer> crossedThresholds(long before, long after, long limit) {
    if (limit <= 0 || after <= before) {
      return List.of();
    }
    List<Integer> crossed = new ArrayList<>(ALERT_PERCENTS.size());
    for (int percent : ALERT_PERCENTS) {
      long threshold = percentOf(limit, percent);
      if (before < threshold && threshold <= after) {
        crossed.add(percent);
      }
    }
    return List.copyOf(crossed);
  }

  /** {@code ceil(limit · percent / 100)} for 0 ≤ percent ≤ 100, without overflow. */
  static long percentOf(long limit, int percent) {
    long whole = limit / 100 * percent;
    long part = -Math.floorDiv(-(limit % 100) * percent, 100);
    return whole + part;
  }
}
