package dev.sluice.server.limit;

import dev.sluice.core.limit.Gcra;
import dev.sluice.server.admission.RateLimits;
import dev.sluice.server.admission.RequestScopes;
import dev.sluice.server.limit.RuleIndex.Applied;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Rate limits at admission: every stored rule whose scope applies to the request is checked, and the
 * request passes only if all of them allow it. Rules are taken in order (rpm, tpm, concurrency); when one
 * refuses, what the earlier ones took is given back (GCRA units refunded, slots released), so a refused
 * request leaves every counter as it found it. Semantics per bucket: GCRA (see {@link InMemoryLimitStore}).
 *
 * <p>Tokens per minute take the request's estimate up front. {@link Permit#complete} settles to the real
 * count: less than estimated refunds the difference; more takes the excess unconditionally, so the
 * bucket may go into debt and later requests wait until it is paid off (the tokens were spent either way,
 * and refusing after the fact would protect nothing).
 *
 * <p>A refund is exact when the request completes before another one takes from the same bucket. With
 * overlapping requests it can give back a little more: GCRA keeps one number per bucket, not one per
 * request, so time that an over-estimate held the bucket cannot be told apart afterwards; the bucket then
 * admits slightly more than the real counts would have, bounded by the over-estimates involved.
 *
 * <p>Rules come from a source (the store) at construction and on {@link #reload()}; the admin API reloads
 * after each change. Counters belong to rules (by id), so a reload keeps them; a changed limit keeps the
 * bucket's fill level as a fraction (GCRA's backlog is time, and a full bucket is one period of it under
 * any limit): full under 60 rpm is full under 600 rpm, and refills at the new rate. Thread-safe; the hot
 * path reads a volatile snapshot and takes no lock of its own.
 */
public final class RateLimitService implements RateLimits {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  /** A concurrency slot frees when some request ends, which cannot be predicted: suggest a short wait. */
  private static final long CONCURRENCY_RETRY_SECONDS = 1;

  private final Supplier<List<LimitRule>> source;
  private final LimitStore store;
  private final InstantSource clock;
  private volatile RuleIndex index = RuleIndex.EMPTY;

  /**
   * Loads the rules once (blocking when {@code source} reads the store).
   *
   * @param source the rules, e.g. {@code new LimitRuleRepository(db)::list}
   */
  public RateLimitService(Supplier<List<LimitRule>> source, LimitStore store, InstantSource clock) {
    this.source = source;
    this.store = store;
    this.clock = clock;
    reload();
  }

  /** Reads the rules again; counters of rules that remain are kept. Blocking: call off the event loop. */
  public void reload() {
    index = new RuleIndex(source.get());
  }

  /** The rules in force. */
  public List<LimitRule> rules() {
    return index.rules();
  }

  @Override
  public Permit acquire(RequestScopes scopes, long estimatedTokens) {
    List<Applied> applied = index.applying(scopes);
    if (applied.isEmpty()) {
      return Permit.UNLIMITED;
    }
    long now = nowNanos();
    long tokens = Math.max(0, estimatedTokens);
    List<Taken> taken = new ArrayList<>(applied.size());
    for (Applied a : applied) {
      LimitRule rule = a.rule();
      switch (rule.kind()) {
        case RPM, TPM -> {
          long cost = rule.kind() == LimitKind.RPM ? 1 : tokens;
          if (cost > rule.limit()) {
            // Not even a full bucket holds it: say so rather than promise a retry that cannot succeed.
            return refuse(taken, now, null, LimitKind.MINUTE_NANOS, a.describe() + " (the request's estimated "
                + cost + " tokens exceed the whole limit)");
          }
          Gcra.Result result = store.take(a.bucketKey(), cost, rule.limit(), LimitKind.MINUTE_NANOS, now);
          if (!result.allowed()) {
            return refuse(taken, now, new Taken(a, cost, result), result.retryAfterNanos(), a.describe());
          }
          taken.add(new Taken(a, cost, result));
        }
        case CONCURRENCY -> {
          if (!store.acquire(a.bucketKey(), rule.limit())) {
            return refuse(taken, now, null, CONCURRENCY_RETRY_SECONDS * NANOS_PER_SECOND, a.describe());
          }
          taken.add(new Taken(a, 1, null));
        }
      }
    }
    return new LimitPermit(this, taken, tokens, headers(taken, null, /* rolledBack= */ false));
  }

  /**
   * One successful take.
   *
   * @param result the GCRA answer (null for a concurrency slot)
   */
  record Taken(Applied applied, long cost, Gcra.Result result) {
    LimitRule rule() {
      return applied.rule();
    }
  }

  /** Gives back what an admitted request took beyond its real token count, and its concurrency slots. */
  void settle(List<Taken> taken, long estimatedTokens, long actualTokens) {
    long now = nowNanos();
    for (Taken t : taken) {
      LimitRule rule = t.rule();
      switch (rule.kind()) {
        case RPM -> { }
        case TPM -> {
          if (actualTokens >= 0 && actualTokens < estimatedTokens) {
            store.refund(t.applied().bucketKey(), estimatedTokens - actualTokens, rule.limit(),
                LimitKind.MINUTE_NANOS, now);
          } else if (actualTokens > estimatedTokens) {
            store.debit(t.applied().bucketKey(), actualTokens - estimatedTokens, rule.limit(),
                LimitKind.MINUTE_NANOS, now);
          }
        }
        case CONCURRENCY -> store.release(t.applied().bucketKey());
      }
    }
  }

  private Permit refuse(List<Taken> taken, long now, Taken refusing, long retryAfterNanos, String refusal) {
    for (int i = taken.size() - 1; i >= 0; i--) {
      Taken t = taken.get(i);
      LimitRule rule = t.rule();
      switch (rule.kind()) {
        case RPM, TPM -> store.refund(t.applied().bucketKey(), t.cost(), rule.limit(), LimitKind.MINUTE_NANOS, now);
        case CONCURRENCY -> store.release(t.applied().bucketKey());
      }
    }
    long seconds = Math.max(1, Math.ceilDiv(retryAfterNanos, NANOS_PER_SECOND));
    return new Refused(headers(taken, refusing, /* rolledBack= */ true), seconds, refusal);
  }

  /**
   * Headers for the tightest rpm and tpm rules seen: the fewest remaining, then the smallest limit. After
   * a roll-back the takes are undone, so their remaining and reset are given back too.
   */
  private static Map<String, String> headers(List<Taken> taken, Taken refusing, boolean rolledBack) {
    RateLimitHeaders.Values requests = null;
    RateLimitHeaders.Values tokens = null;
    List<Taken> seen = new ArrayList<>(taken);
    if (refusing != null) {
      seen.add(refusing);
    }
    for (Taken t : seen) {
      if (t.result() == null) {
        continue;
      }
      LimitRule rule = t.rule();
      long remaining = t.result().remaining();
      long reset = t.result().resetAfterNanos();
      if (rolledBack && t != refusing) {
        remaining = Math.min(rule.limit(), remaining + t.cost());
        reset = Math.max(0, reset - GcraSpans.of(t.cost(), rule.limit(), LimitKind.MINUTE_NANOS));
      }
      RateLimitHeaders.Values v = new RateLimitHeaders.Values(rule.limit(), remaining, reset);
      switch (rule.kind()) {
        case RPM -> requests = tighter(requests, v);
        case TPM -> tokens = tighter(tokens, v);
        case CONCURRENCY -> { }
      }
    }
    return RateLimitHeaders.of(requests, tokens);
  }

  private static RateLimitHeaders.Values tighter(RateLimitHeaders.Values a, RateLimitHeaders.Values b) {
    if (a == null) {
      return b;
    }
    if (b.remaining() != a.remaining()) {
      return b.remaining() < a.remaining() ? b : a;
    }
    return b.limit() < a.limit() ? b : a;
  }

  private long nowNanos() {
    Instant now = clock.instant();
    return Math.addExact(Math.multiplyExact(now.getEpochSecond(), NANOS_PER_SECOND), now.getNano());
  }

  /** A refusal: nothing was taken, so completing it does nothing. */
  private record Refused(Map<String, String> headers, long retryAfterSeconds, String refusal) implements Permit {
    @Override
    public boolean allowed() {
      return false;
    }

    @Override
    public void complete(long actualTokens) {}
  }
}
