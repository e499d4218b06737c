package dev.sluice.server.budget;

import dev.sluice.core.budget.BudgetPeriod;
import dev.sluice.server.admission.Budgets;
import dev.sluice.server.admission.RequestScopes;
import dev.sluice.server.admission.ScopeType;
import dev.sluice.server.admission.SpendSource;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Budgets and prepaid credits, enforced in memory: {@link #reserve} takes a request's worst case from every
 * budget and credit line that applies, or refuses with 402 naming the one that does not fit; the reservation then
 * settles to the real cost or is released. Exactness under concurrency is {@link Tally}'s job (one lock).
 *
 * <p><b>Where settled spend comes from.</b> A counter (one cap, one scope id) starts from the usage ledger
 * ({@link SpendSource}, blocking) for its current window, then counts what this process settles. Counters of
 * budgets on a concrete scope ({@code team:ml}) and of every org with credits are read in {@link #start()}, and
 * when a budget or grant is added, before it is enforced. A {@code key:*} budget's counter for a given key cannot
 * be known in advance, so it is read on first sight of that key, on a small loader pool: {@link #prepare} starts
 * that without blocking (compose {@code reserve} on it), and {@link #reserve} waits for a read in progress at most
 * {@link Options#loadTimeout()}, then refuses with a retryable 503. So an event loop never waits longer than that,
 * and a request is never admitted against a budget whose spend is unknown (closed for money). After a window
 * rolls over, settled restarts at 0 without asking the ledger.
 *
 * <p><b>Leaks and changes.</b> Settle and release act once. A reaper releases reservations older than
 * {@link Options#maxReservationAge()} (a bug elsewhere must not hold budget forever) and drops {@code *} counters
 * whose window has passed. Budgets and grants are re-read every {@link Options#refreshInterval()}, so changes
 * made with the CLI reach a running gateway; the admin API's changes apply at once.
 *
 * <p>Known limits: the ledger is read once per counter, so a journal batch not yet shipped to the store at that
 * moment is missed; requests already running when a budget is created do not count against it. Over 300
 * lines because lifecycle, loading and the admin views share the store, the ledger and the write lock.
 */
public final class BudgetService implements Budgets, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BudgetService.class);
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  /**
   * @param maxReservationAge a reservation older than this is released by the reaper (default 15 minutes:
   *     longer than any sane stream)
   * @param loadTimeout how long {@link #reserve} waits for a counter being read before a retryable 503
   * @param refreshInterval how often budgets and grants are re-read from the store (zero: never)
   * @param webhookAttempts tries per alert (first try included)
   * @param webhookBackoff wait before the second try; doubles after each failure
   */
  public record Options(Duration maxReservationAge, Duration loadTimeout, Duration refreshInterval,
      int webhookAttempts, Duration webhookBackoff) {
    public static final Options DEFAULTS = new Options(Duration.ofMinutes(15), Duration.ofSeconds(1),
        Duration.ofSeconds(10), /* webhookAttempts= */ 4, Duration.ofSeconds(1));
  }

  /** Settled and reserved spend of one scope id in a budget's current window; the end is null for TOTAL. */
  public record WindowSpend(String scopeId, Instant windowStart, Instant windowEnd, long settledNanos,
      long reservedNanos) {}

  /** A budget and, for each scope id this process has counted, its current window. */
  public record BudgetStatus(Budget budget, List<WindowSpend> windows) {}

  /** An org's prepaid credits; the balance may be negative after an honest overspend. */
  public record CreditBalance(String org, long grantedNanos, long spentNanos, long reservedNanos,
      List<CreditGrant> grants) {
    public long balanceNanos() {
      return grantedNanos - spentNanos - reservedNanos;
    }
  }

  /** Spend of one concrete scope in the current window of a period. */
  public record Spend(BudgetScope scope, BudgetPeriod period, Instant windowStart, Instant windowEnd,
      long settledNanos, long reservedNanos) {}

  private final BudgetRepository budgetStore;
  private final CreditRepository creditStore;
  private final SpendSource spend;
  private final InstantSource clock;
  private final Options options;
  private final Tally tally;
  private final ScheduledExecutorService timer;
  private final ExecutorService loader;
  private final AlertWebhook webhook;
  private final List<Consumer<BudgetAlert>> listeners = new CopyOnWriteArrayList<>();
  private final ConcurrentHashMap<Tally.Key, CompletableFuture<Void>> loads = new ConcurrentHashMap<>();
  /** Serialises store writes and reloads, so a reload cannot publish a list older than a write. Never hot. */
  private final ReentrantLock writes = new ReentrantLock();

  /**
   * Constructs without I/O; call {@link #start()} (blocking) before the gateway listens.
   *
   * @param alertWebhook where budget alerts are POSTed, or null for log lines only
   */
  public BudgetService(BudgetRepository budgets, CreditRepository credits, SpendSource spend, InstantSource clock,
      URI alertWebhook, Options options) {
    this.budgetStore = budgets;
    this.creditStore = credits;
    this.spend = spend;
    this.clock = clock;
    this.options = options;
    this.tally = new Tally(clock, this::emit);
    this.timer = Executors.newSingleThreadScheduledExecutor(daemon("sluice-budget-timer"));
    // two loaders: enough for a burst of new keys, few enough not to crowd the store
    this.loader = Executors.newFixedThreadPool(2, daemon("sluice-budget-loader"));
    this.webhook = alertWebhook == null ? null
        : new AlertWebhook(alertWebhook, timer, timer, options.webhookAttempts(), options.webhookBackoff());
  }

  public BudgetService(BudgetRepository budgets, CreditRepository credits, SpendSource spend, InstantSource clock,
      URI alertWebhook) {
    this(budgets, credits, spend, clock, alertWebhook, Options.DEFAULTS);
  }

  /** Reads budgets, grants and their spend from the store and starts the reaper and the refresher. Blocking. */
  public BudgetService start() {
    reload();
    long reapMillis = Math.clamp(options.maxReservationAge().toMillis() / 10, 1_000, 60_000);
    timer.scheduleWithFixedDelay(guarded("reaper", this::reapExpired), reapMillis, reapMillis, TimeUnit.MILLISECONDS);
    long refreshMillis = options.refreshInterval().toMillis();
    if (refreshMillis > 0) {
      timer.scheduleWithFixedDelay(guarded("refresh", this::reload), refreshMillis, refreshMillis,
          TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /** Called (off the request path) for every alert, besides the WARN line and the webhook. */
  public void onAlert(Consumer<BudgetAlert> listener) {
    listeners.add(listener);
  }

  // ---------------------------------------------------------------------------------------------- admission

  /**
   * Starts reading, without blocking, the counters this request will need; completes (never exceptionally)
   * when they are loaded or their read failed. Usually complete already. Compose {@link #reserve} on it so the
   * first request of a new key under a {@code key:*} budget does not make an event loop wait.
   */
  public CompletionStage<Void> prepare(RequestScopes scopes) {
    List<Tally.Applying> missing = tally.missing(scopes);
    if (missing.isEmpty()) {
      return DONE;
    }
    return CompletableFuture.allOf(missing.stream().map(this::load).toArray(CompletableFuture[]::new))
        .handle((v, failure) -> null);
  }

  @Override
  public Reservation reserve(RequestScopes scopes, long worstCaseNanos, boolean unpricedModel) {
    if (worstCaseNanos < 0) {
      throw new IllegalArgumentException("worst case must not be negative: " + worstCaseNanos);
    }
    for (int attempt = 1; ; attempt++) {
      Tally.Attempt a = tally.reserve(scopes, worstCaseNanos, unpricedModel);
      if (a.reservation() != null) {
        return a.reservation();
      }
      Tally.Applying first = a.missing().getFirst();
      if (attempt == 3) { // read twice and dropped twice (the budget changed meanwhile): let the client retry
        throw Refusals.notLoaded(first.cap(), first.key().scopeId());
      }
      awaitLoads(a.missing());
    }
  }

  private void awaitLoads(List<Tally.Applying> missing) {
    Tally.Applying first = missing.getFirst();
    CompletableFuture<?>[] all = missing.stream().map(this::load).toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(all).get(options.loadTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw Refusals.notLoaded(first.cap(), first.key().scopeId());
    } catch (ExecutionException e) {
      log.error("cannot read the spend of {} from the ledger", Refusals.describe(first.cap(), first.key().scopeId()),
          e.getCause());
      throw Refusals.notLoaded(first.cap(), first.key().scopeId());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Refusals.notLoaded(first.cap(), first.key().scopeId());
    }
  }

  private CompletableFuture<Void> load(Tally.Applying a) {
    // a finished read whose counter is still missing (it failed, or was dropped since) starts again
    return loads.compute(a.key(), (key, running) -> running != null && !running.isDone() ? running
        : CompletableFuture.supplyAsync(() -> readCounter(a.cap(), key.scopeId()), loader)
            .thenAccept(counter -> tally.install(a.cap(), counter)));
  }

  /** A counter for the cap's current window, starting from the ledger. Blocking. */
  private Counter readCounter(Cap cap, String scopeId) {
    Instant now = clock.instant();
    Instant start = cap.period().windowStart(now);
    long settled = spend.spendNanos(cap.scope().type(), scopeId, start, horizon(cap.period(), now));
    return new Counter(cap.id(), scopeId, cap.period(), start, settled);
  }

  /** The end of a spend query: the window's end; for TOTAL, which never ends, a day from now. */
  private static Instant horizon(BudgetPeriod period, Instant now) {
    Instant end = period.windowEnd(now);
    return end == null ? now.plus(Duration.ofDays(1)) : end;
  }

  private void emit(BudgetAlert alert) {
    log.warn("budget {} ({} {}) reached {}% of its limit: settled {} of {} since {}", alert.budgetId(),
        alert.scope(), Periods.wireName(alert.period()), alert.threshold(), Usd.display(alert.settledNanos()),
        Usd.display(alert.limitNanos()), alert.windowStart());
    for (Consumer<BudgetAlert> listener : listeners) {
      try {
        listener.accept(alert);
      } catch (RuntimeException e) {
        log.warn("a budget alert listener failed", e);
      }
    }
    if (webhook != null) {
      webhook.send(alert);
    }
  }

  // ---------------------------------------------------------------------------------------------- changes

  /** Re-reads budgets and grants from the store and enforces them. Blocking. */
  public void reload() {
    writes.lock();
    try {
      List<Cap> next = new ArrayList<>();
      budgetStore.list().forEach(b -> next.add(Cap.of(b)));
      creditStore.totals().forEach((org, granted) -> next.add(Cap.credits(org, granted)));
      List<Counter> preloaded = new ArrayList<>();
      for (Cap cap : next) {
        Counter c = preloadIfMissing(cap);
        if (c != null) {
          preloaded.add(c);
        }
      }
      tally.replaceAll(next, preloaded);
    } finally {
      writes.unlock();
    }
  }

  /**
   * Creates the budget for this scope and period, or replaces the limit and the unpriced rule of the existing
   * one; enforced from the moment this returns. Blocking.
   */
  public BudgetRepository.Saved setBudget(BudgetScope scope, BudgetPeriod period, long limitNanos,
      boolean refuseUnpriced) {
    writes.lock();
    try {
      BudgetRepository.Saved saved = budgetStore.set(scope, period, limitNanos, refuseUnpriced, clock.instant());
      Cap cap = Cap.of(saved.budget());
      tally.put(cap, preloadIfMissing(cap));
      return saved;
    } finally {
      writes.unlock();
    }
  }

  /** Deletes a budget; false when none has this id. Live reservations against it end normally. Blocking. */
  public boolean deleteBudget(String id) {
    writes.lock();
    try {
      boolean deleted = budgetStore.delete(id);
      tally.remove(id);
      return deleted;
    } finally {
      writes.unlock();
    }
  }

  /** Adds prepaid credit to an org; from then on its requests must fit its balance. Blocking. */
  public CreditGrant addCredits(String org, long amountNanos, String note) {
    writes.lock();
    try {
      CreditGrant grant = creditStore.add(org, amountNanos, note, clock.instant());
      long granted = creditStore.list(org).stream().mapToLong(CreditGrant::amountNanos).sum();
      Cap cap = Cap.credits(org, granted);
      tally.put(cap, preloadIfMissing(cap));
      return grant;
    } finally {
      writes.unlock();
    }
  }

  /** For a concrete cap not counted yet, its counter read from the ledger (blocking); else null. */
  private Counter preloadIfMissing(Cap cap) {
    if (cap.scope().isEach() || tally.counts(cap, cap.scope().id())) {
      return null;
    }
    return readCounter(cap, cap.scope().id());
  }

  /** Releases reservations older than the maximum age and forgets stale per-id counters; returns how many. */
  int reapExpired() {
    int reaped = tally.reap(clock.instant().minus(options.maxReservationAge()));
    loads.values().removeIf(CompletableFuture::isDone);
    return reaped;
  }

  // ---------------------------------------------------------------------------------------------- views

  /** Every budget with its current window's settled and reserved spend, per scope id counted here. */
  public List<BudgetStatus> budgets() {
    return tally.statuses();
  }

  /** An org's credits: grants from the store, spend from its counter or else the ledger. Blocking. */
  public CreditBalance credits(String org) {
    List<CreditGrant> grants = creditStore.list(org);
    long granted = grants.stream().mapToLong(CreditGrant::amountNanos).sum();
    WindowSpend counted = tally.credits(org);
    if (counted != null) {
      return new CreditBalance(org, granted, counted.settledNanos(), counted.reservedNanos(), grants);
    }
    long spent = spend.spendNanos(ScopeType.ORG, org, Instant.EPOCH, horizon(BudgetPeriod.TOTAL, clock.instant()));
    return new CreditBalance(org, granted, spent, tally.reservedFor(new BudgetScope(ScopeType.ORG, org)), grants);
  }

  /**
   * Settled and reserved spend of a concrete scope in the current window of {@code period}: settled from a
   * budget's counter when one has it (exact and current), else from the ledger. Blocking.
   */
  public Spend spend(BudgetScope scope, BudgetPeriod period) {
    if (scope.isEach()) {
      throw new IllegalArgumentException("spend is reported for one scope, not '" + scope.wire() + "'");
    }
    Instant now = clock.instant();
    WindowSpend counted = tally.window(scope.type(), scope.id(), period);
    long settled = counted != null ? counted.settledNanos()
        : spend.spendNanos(scope.type(), scope.id(), period.windowStart(now), horizon(period, now));
    return new Spend(scope, period, period.windowStart(now), period.windowEnd(now), settled,
        tally.reservedFor(scope));
  }

  /** Cost settled above the reservations' worst cases since start (models exceeding their max tokens). */
  public long overspentNanos() {
    return tally.overspentNanos();
  }

  /** Live reservations, for tests and metrics. */
  public int liveReservations() {
    return tally.liveReservations();
  }

  @Override
  public void close() {
    timer.shutdownNow();
    loader.shutdownNow();
    if (webhook != null) {
      webhook.close();
    }
  }

  private static Runnable guarded(String what, Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.error("budget {} failed; it runs again at the next interval", what, e);
      }
    };
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
