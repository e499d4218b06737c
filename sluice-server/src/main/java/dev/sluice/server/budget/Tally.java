package dev.sluice.server.budget;

import dev.sluice.core.budget.BudgetMath;
import dev.sluice.core.budget.BudgetPeriod;
import dev.sluice.server.admission.Budgets.Reservation;
import dev.sluice.server.admission.RequestScopes;
import dev.sluice.server.admission.ScopeType;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BudgetService}'s in-memory state: the caps in force, their counters (one per cap and scope id) and the
 * live reservations, behind one lock. Every method holds the lock for microseconds (map lookups and additions)
 * and does no I/O, so check-and-reserve across all applying caps is one atomic step: two requests can never
 * both fit where only one does. Striping would pay off only at hundreds of thousands of reservations a second.
 * Alerts and log lines leave after the lock is released. Over 300 lines on purpose: everything that touches
 * the guarded state is here, so the lock discipline can be checked by reading one file.
 */
final class Tally {
  private static final Logger log = LoggerFactory.getLogger(Tally.class);

  record Key(String capId, String scopeId) {}

  /** A cap that applies to a request, and the counter (by key) it counts the request on. */
  record Applying(Cap cap, Key key) {}

  /** Admitted (a reservation), or not yet decidable: these counters must be loaded first. */
  record Attempt(Reservation reservation, List<Applying> missing) {}

  private final InstantSource clock;
  private final Consumer<BudgetAlert> alerts;
  private final Object lock = new Object();
  // guarded by lock
  private final Map<String, Cap> caps = new LinkedHashMap<>();
  private final Map<Key, Counter> counters = new HashMap<>();
  private final Map<Long, Held> live = new HashMap<>();
  private long lastReservationId;
  private long overspentNanos;

  Tally(InstantSource clock, Consumer<BudgetAlert> alerts) {
    this.clock = clock;
    this.alerts = alerts;
  }

  // ---------------------------------------------------------------------------------------------- admission

  /**
   * @throws dev.sluice.core.error.GatewayException 402 when a cap refuses unpriced models or does not fit
   */
  Attempt reserve(RequestScopes scopes, long worstCase, boolean unpriced) {
    synchronized (lock) {
      List<Applying> applying = applying(scopes);
      if (applying.isEmpty()) {
        return new Attempt(Reservation.NONE, List.of());
      }
      if (unpriced) {
        for (Applying a : applying) {
          if (a.cap().refuseUnpriced()) {
            throw Refusals.unpriced(a.cap(), a.key().scopeId(), scopes.model());
          }
        }
      }
      List<Applying> missing = missing(applying);
      return missing.isEmpty() ? new Attempt(admit(applying, scopes, worstCase), List.of())
          : new Attempt(null, missing);
    }
  }

  /** The applying caps whose counter is not loaded yet. */
  List<Applying> missing(RequestScopes scopes) {
    synchronized (lock) {
      return missing(applying(scopes));
    }
  }

  private List<Applying> applying(RequestScopes scopes) {
    List<Applying> applying = new ArrayList<>(2);
    for (Cap cap : caps.values()) {
      String scopeId = cap.scope().scopeIdFor(scopes);
      if (scopeId != null) {
        applying.add(new Applying(cap, new Key(cap.id(), scopeId)));
      }
    }
    return applying;
  }

  private List<Applying> missing(List<Applying> applying) {
    List<Applying> missing = List.of();
    for (Applying a : applying) {
      if (!counters.containsKey(a.key())) {
        missing = missing.isEmpty() ? new ArrayList<>(2) : missing;
        missing.add(a);
      }
    }
    return missing;
  }

  private Held admit(List<Applying> applying, RequestScopes scopes, long worstCase) {
    Instant now = clock.instant();
    Counter[] held = new Counter[applying.size()];
    for (int i = 0; i < held.length; i++) {
      Applying a = applying.get(i);
      Counter c = counters.get(a.key());
      c.roll(now);
      if (!BudgetMath.fits(c.settled, c.reserved, worstCase, a.cap().limitNanos())) {
        throw Refusals.doesNotFit(a.cap(), c, worstCase);
      }
      held[i] = c;
    }
    for (Counter c : held) {
      c.reserved += worstCase;
      c.holders++;
    }
    Held reservation = new Held(++lastReservationId, held, worstCase, now, scopes);
    live.put(reservation.id, reservation);
    return reservation;
  }

  /** A live reservation; its counters are fixed at admission. */
  private final class Held implements Reservation {
    final long id;
    final Counter[] counters;
    final long amount;
    final Instant at;
    final RequestScopes scopes;
    boolean done; // guarded by lock

    Held(long id, Counter[] counters, long amount, Instant at, RequestScopes scopes) {
      this.id = id;
      this.counters = counters;
      this.amount = amount;
      this.at = at;
      this.scopes = scopes;
    }

    @Override
    public void settle(long actualNanos) {
      finish(this, Math.max(0, actualNanos), /* settle= */ true);
    }

    @Override
    public void release() {
      finish(this, 0, /* settle= */ false);
    }
  }

  private void finish(Held h, long actual, boolean settle) {
    List<BudgetAlert> crossed = List.of();
    synchronized (lock) {
      if (h.done) {
        return;
      }
      h.done = true;
      live.remove(h.id);
      Instant now = clock.instant();
      for (Counter c : h.counters) {
        c.roll(now); // spend settled after a rollover counts in the new window: late, never lost
        c.reserved -= h.amount;
        c.holders--;
        if (settle) {
          long before = c.settled;
          c.settled = saturatedAdd(before, actual);
          crossed = alertsFor(crossed, c, before);
        }
      }
      if (settle && actual > h.amount) {
        overspentNanos += actual - h.amount;
      }
    }
    if (settle && actual > h.amount) {
      // Honest overspend: the model produced more than the worst case allowed for (or the prompt estimate was
      // short). The real cost is what counts; it is recorded, not refused after the fact.
      log.info("a request of key {} cost {}, above the worst case of {} it reserved", h.scopes.keyId(),
          Usd.display(actual), Usd.display(h.amount));
    }
    crossed.forEach(alerts);
  }

  private List<BudgetAlert> alertsFor(List<BudgetAlert> out, Counter c, long before) {
    Cap cap = caps.get(c.capId);
    if (cap == null || cap.isCredits() || counters.get(new Key(c.capId, c.scopeId)) != c) {
      return out; // credits have no alerts; a counter dropped with its budget alerts no more
    }
    for (int threshold : BudgetMath.crossedThresholds(before, c.settled, cap.limitNanos())) {
      out = out.isEmpty() ? new ArrayList<>(3) : out;
      out.add(new BudgetAlert(cap.id(), cap.scope().type().wireName() + ":" + c.scopeId, cap.period(), threshold,
          c.settled, cap.limitNanos(), c.windowStart));
    }
    return out;
  }

  /** Releases reservations made before {@code cutoff} and drops stale per-id counters; returns how many. */
  int reap(Instant cutoff) {
    List<Held> expired = new ArrayList<>();
    synchronized (lock) {
      for (Iterator<Held> it = live.values().iterator(); it.hasNext(); ) {
        Held h = it.next();
        if (h.at.isBefore(cutoff)) {
          it.remove();
          h.done = true;
          for (Counter c : h.counters) {
            c.reserved -= h.amount;
            c.holders--;
          }
          expired.add(h);
        }
      }
      Instant now = clock.instant();
      counters.values().removeIf(c -> {
        Cap cap = caps.get(c.capId);
        return cap != null && cap.scope().isEach() && c.idleAndStale(now);
      });
    }
    for (Held h : expired) {
      log.warn("released a reservation of {} for key {} held since {}: it was never settled or released (a bug)",
          Usd.display(h.amount), h.scopes.keyId(), h.at);
    }
    return expired.size();
  }

  // ---------------------------------------------------------------------------------------------- changes

  /** True when the cap is in force as given and its counter for {@code scopeId} is loaded. */
  boolean counts(Cap cap, String scopeId) {
    synchronized (lock) {
      return cap.countsLike(caps.get(cap.id())) && counters.containsKey(new Key(cap.id(), scopeId));
    }
  }

  /** A loaded counter, kept if its cap is still in force as it was and no other load got there first. */
  void install(Cap cap, Counter counter) {
    synchronized (lock) {
      if (cap.countsLike(caps.get(cap.id()))) {
        counters.putIfAbsent(new Key(cap.id(), counter.scopeId), counter);
      }
    }
  }

  /** Puts one cap in force (new, or a new limit for one counted the same way), with its preloaded counter. */
  void put(Cap cap, Counter preloaded) {
    synchronized (lock) {
      Cap old = caps.put(cap.id(), cap);
      if (old != null && !old.countsLike(cap)) {
        dropCounters(cap.id());
      }
      if (preloaded != null) {
        counters.putIfAbsent(new Key(cap.id(), preloaded.scopeId), preloaded);
      }
    }
  }

  /** Replaces every cap; counters of caps that stay and count the same way are kept. */
  void replaceAll(Collection<Cap> next, Collection<Counter> preloaded) {
    synchronized (lock) {
      Map<String, Cap> byId = new LinkedHashMap<>();
      next.forEach(cap -> byId.put(cap.id(), cap));
      for (Map.Entry<String, Cap> old : caps.entrySet()) {
        if (!old.getValue().countsLike(byId.get(old.getKey()))) {
          dropCounters(old.getKey());
        }
      }
      caps.clear();
      caps.putAll(byId);
      preloaded.forEach(c -> counters.putIfAbsent(new Key(c.capId, c.scopeId), c));
    }
  }

  void remove(String capId) {
    synchronized (lock) {
      caps.remove(capId);
      dropCounters(capId);
    }
  }

  private void dropCounters(String capId) {
    counters.keySet().removeIf(k -> k.capId().equals(capId));
  }

  // ---------------------------------------------------------------------------------------------- views

  List<BudgetService.BudgetStatus> statuses() {
    synchronized (lock) {
      Instant now = clock.instant();
      Map<String, List<BudgetService.WindowSpend>> windows = new HashMap<>();
      for (Counter c : counters.values()) {
        windows.computeIfAbsent(c.capId, id -> new ArrayList<>()).add(window(c, now));
      }
      List<BudgetService.BudgetStatus> out = new ArrayList<>();
      for (Cap cap : caps.values()) {
        if (!cap.isCredits()) {
          out.add(new BudgetService.BudgetStatus(cap.budget(), windows.getOrDefault(cap.id(), List.of()).stream()
              .sorted(Comparator.comparing(BudgetService.WindowSpend::scopeId)).toList()));
        }
      }
      return out;
    }
  }

  /** The current window of an org's credit counter, or null when it has none loaded. */
  BudgetService.WindowSpend credits(String org) {
    synchronized (lock) {
      Counter c = counters.get(new Key(Cap.CREDITS_PREFIX + org, org));
      return c == null ? null : window(c, clock.instant());
    }
  }

  /** The window a budget on this type and period keeps for a scope id, or null when none is counted here. */
  BudgetService.WindowSpend window(ScopeType type, String scopeId, BudgetPeriod period) {
    synchronized (lock) {
      for (Cap cap : caps.values()) {
        Counter c = !cap.isCredits() && cap.scope().type() == type && cap.period() == period
            ? counters.get(new Key(cap.id(), scopeId)) : null;
        if (c != null) {
          return window(c, clock.instant());
        }
      }
      return null;
    }
  }

  private static BudgetService.WindowSpend window(Counter c, Instant now) {
    c.roll(now);
    return new BudgetService.WindowSpend(c.scopeId, c.windowStart, c.period.windowEnd(c.windowStart), c.settled,
        c.reserved);
  }

  /** Live reservations of requests in this scope, whatever cap they were made against. */
  long reservedFor(BudgetScope scope) {
    synchronized (lock) {
      long sum = 0;
      for (Held h : live.values()) {
        if (scope.id().equals(scope.type().idIn(h.scopes, scope.tagName()))) {
          sum += h.amount;
        }
      }
      return sum;
    }
  }

  long overspentNanos() {
    synchronized (lock) {
      return overspentNanos;
    }
  }

  int liveReservations() {
    synchronized (lock) {
      return live.size();
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
