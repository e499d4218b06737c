package dev.sluice.server.limit;

import dev.sluice.core.limit.Gcra;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Rate limit state in this process: the single-node store.
 *
 * <p><b>Semantics: GCRA</b> (the generic cell rate algorithm, as in ATM networks and Redis-Cell), not
 * fixed or sliding windows. Each bucket keeps one number, its theoretical arrival time (TAT). A unit
 * costs {@code T = period / limit} of time; a take is allowed while {@code max(TAT, now) + cost·T − now}
 * stays within {@code limit·T} (the period), and pushes TAT forward. So 60 rpm admits a burst of up to
 * 60 requests at once, then one per second as capacity comes back smoothly; there is no window boundary
 * at which a client can spend a full window twice in a row (the fixed window's double burst). What GCRA
 * promises: over any stretch of time {@code w}, at most {@code limit + w / T} units; so one 60 s window
 * can see up to twice the limit (a full burst, then the refill), while the long-run rate never exceeds
 * the limit. A sliding-window log would cap every window at the limit, at the cost of one timestamp per
 * request. Exact: no sampling.
 *
 * <p><b>Atomicity without a global lock</b>: every operation runs inside {@link ConcurrentHashMap#compute}
 * on its own key, which locks only that key's bin, so requests for different buckets never wait for
 * each other and two requests for one bucket cannot both spend its last unit.
 *
 * <p><b>Bounded memory</b>: a bucket whose TAT is in the past is full, which is exactly what an absent
 * bucket means, so it carries no information and is removed. Sweeps run on the take path, amortised:
 * when the map has doubled since the last sweep (and has at least {@value #MIN_SWEEP_SIZE} entries), the
 * thread that noticed sweeps it; the map therefore holds at most about twice the buckets that are not full.
 * Concurrency counters are removed when they drop to zero.
 */
public final class InMemoryLimitStore implements LimitStore {
  /** Below this many buckets a sweep is not worth its scan. */
  static final int MIN_SWEEP_SIZE = 1024;

  /** Gcra's TAT for a bucket never seen. */
  private static final long FRESH = 0;

  private final ConcurrentHashMap<String, Long> tats = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Long> inFlight = new ConcurrentHashMap<>();
  private final AtomicBoolean sweeping = new AtomicBoolean();
  private volatile long sweepAtSize = MIN_SWEEP_SIZE;

  @Override
  public Gcra.Result take(String bucketKey, long cost, long limit, long periodNanos, long nowNanos) {
    Gcra.Result[] result = new Gcra.Result[1];
    boolean[] created = new boolean[1];
    tats.compute(bucketKey, (key, tat) -> {
      Gcra.Result r = Gcra.check(tat == null ? FRESH : tat, nowNanos, cost, limit, periodNanos);
      result[0] = r;
      if (!r.allowed()) {
        return tat; // refused: the bucket is unchanged (and a new one stays absent)
      }
      created[0] = tat == null;
      return r.newTatNanos();
    });
    if (created[0] && tats.size() >= sweepAtSize) {
      sweep(nowNanos);
    }
    return result[0];
  }

  @Override
  public void refund(String bucketKey, long cost, long limit, long periodNanos, long nowNanos) {
    tats.computeIfPresent(bucketKey, (key, tat) -> {
      long refunded = Gcra.refund(tat, cost, limit, periodNanos);
      return refunded <= nowNanos ? null : refunded;
    });
  }

  @Override
  public void debit(String bucketKey, long cost, long limit, long periodNanos, long nowNanos) {
    tats.compute(bucketKey, (key, tat) -> {
      long from = tat == null ? nowNanos : Math.max(tat, nowNanos);
      return saturatedAdd(from, GcraSpans.of(cost, limit, periodNanos));
    });
  }

  @Override
  public boolean acquire(String key, long limit) {
    boolean[] acquired = new boolean[1];
    inFlight.compute(key, (k, n) -> {
      long current = n == null ? 0 : n;
      if (current >= limit) {
        return n;
      }
      acquired[0] = true;
      return current + 1;
    });
    return acquired[0];
  }

  @Override
  public void release(String key) {
    inFlight.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
  }

  /** Removes every full bucket (TAT at or before now). Safe to call at any time, from any thread. */
  public void evictIdle(long nowNanos) {
    // removeIf on a ConcurrentHashMap view removes an entry only if it still holds the value tested.
    tats.entrySet().removeIf(e -> e.getValue() <= nowNanos);
  }

  /** Buckets held (rpm/tpm), for tests and metrics. */
  public int bucketCount() {
    return tats.size();
  }

  /** Requests in flight for a concurrency key (0 when none). */
  public long inFlight(String key) {
    return inFlight.getOrDefault(key, 0L);
  }

  /** Concurrency keys with requests in flight, for tests and metrics. */
  public int concurrencyKeyCount() {
    return inFlight.size();
  }

  /** The buckets that are not full at {@code nowNanos} (all a bucket's information), for tests. */
  Map<String, Long> liveBuckets(long nowNanos) {
    Map<String, Long> live = new TreeMap<>();
    tats.forEach((key, tat) -> {
      if (tat > nowNanos) {
        live.put(key, tat);
      }
    });
    return live;
  }

  /** Every concurrency key with requests in flight, for tests. */
  Map<String, Long> inFlightByKey() {
    return new TreeMap<>(inFlight);
  }

  private void sweep(long nowNanos) {
    if (!sweeping.compareAndSet(false, true)) {
      return; // another thread is sweeping
    }
    try {
      evictIdle(nowNanos);
      sweepAtSize = Math.max(MIN_SWEEP_SIZE, 2L * tats.size());
    } finally {
      sweeping.set(false);
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum; // both non-negative here
  }
}
