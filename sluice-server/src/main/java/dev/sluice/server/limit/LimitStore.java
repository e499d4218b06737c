package dev.sluice.server.limit;

import dev.sluice.core.limit.Gcra;

/**
 * Where rate limit state lives: one GCRA theoretical arrival time (TAT) per rpm/tpm bucket and one
 * in-flight count per concurrency bucket. Each call is atomic for its bucket; nothing here spans buckets
 * (the service rolls back across buckets itself). In memory today ({@link InMemoryLimitStore}); a Redis
 * store is a second implementation of this contract, with the same arithmetic in a Lua script.
 *
 * <p>Times are epoch nanoseconds so that nodes sharing a store share a clock reference.
 */
public interface LimitStore {

  /**
   * {@link Gcra#check} against the bucket's TAT; when allowed, stores the new TAT. A bucket never seen
   * (or evicted) is full.
   */
  Gcra.Result take(String bucketKey, long cost, long limit, long periodNanos, long nowNanos);

  /** Gives back {@code cost} units taken earlier ({@link Gcra#refund}); a bucket already full is left alone. */
  void refund(String bucketKey, long cost, long limit, long periodNanos, long nowNanos);

  /**
   * Takes {@code cost} units without asking, letting the bucket go into debt: the usage already happened
   * (a response used more tokens than estimated). Later takes wait until the debt is paid off.
   */
  void debit(String bucketKey, long cost, long limit, long periodNanos, long nowNanos);

  /** Takes a slot when fewer than {@code limit} are in flight; false (and nothing taken) otherwise. */
  boolean acquire(String key, long limit);

  /** Frees a slot taken by {@link #acquire}. */
  void release(String key);
}
