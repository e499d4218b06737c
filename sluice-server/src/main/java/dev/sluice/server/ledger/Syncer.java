package dev.sluice.server.ledger;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's background thread: runs {@link Journal}'s housekeeping pass (force what was appended since the
 * last pass, force, close and unmap sealed segments, prepare the next segment, retry entries waiting in memory
 * while the disk failed) whenever there is something to do, but at most once per {@link #MIN_FORCE_INTERVAL_NANOS}.
 *
 * <p>Appends never wait for it and normally never wake it: a running syncer finds new work on its own at its next
 * pass. Only when it has gone idle (nothing to do, parked indefinitely) does the next append {@link #poke} it,
 * which costs that append one {@code unpark}. So an idle gateway has no timer ticking, and a busy one pays one
 * force per 10 ms, not one per entry.
 */
final class Syncer {
  private static final Logger LOG = LoggerFactory.getLogger(Syncer.class);

  /**
   * At most one force per this interval. An fdatasync per entry at low concurrency costs a disk flush per request
   * and, on a 2-core machine, CPU the event loops need. Forcing at most every 10 ms bounds what a power loss can
   * take to about the last 10 ms of entries (plus one force's duration); a process kill still loses nothing (the
   * data is in the page cache).
   */
  static final long MIN_FORCE_INTERVAL_NANOS = 10_000_000L;

  private final Runnable pass;
  private final BooleanSupplier pending;
  private final Thread thread;
  private volatile boolean idle;
  private volatile boolean stopped;
  final AtomicLong forces = new AtomicLong();

  /**
   * @param pass one round of work; must not throw
   * @param pending whether a pass has something to do (cheap; called often)
   */
  Syncer(Runnable pass, BooleanSupplier pending) {
    this.pass = pass;
    this.pending = pending;
    this.thread = new Thread(this::loop, "sluice-journal-syncer");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /**
   * Something was appended: wakes the syncer if it is parked with nothing to do. The caller must have published
   * its work (a volatile write that {@code pending} reads) before calling this: with {@code idle} volatile too,
   * either this call sees the syncer idle and unparks it, or the syncer's re-check after going idle sees the work.
   */
  void poke() {
    if (idle) {
      idle = false;
      LockSupport.unpark(thread);
    }
  }

  /** Runs a last pass (forces everything appended), then stops the thread. */
  void stop() {
    stopped = true;
    LockSupport.unpark(thread);
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void loop() {
    long lastPass = System.nanoTime() - MIN_FORCE_INTERVAL_NANOS;
    while (true) {
      if (stopped) {
        runPass();
        return;
      }
      long early = MIN_FORCE_INTERVAL_NANOS - (System.nanoTime() - lastPass);
      if (early > 0) {
        LockSupport.parkNanos(this, early); // rate limit; a stop unparks it
        continue;
      }
      if (!pending.getAsBoolean()) {
        idle = true;
        if (!pending.getAsBoolean() && !stopped) {
          LockSupport.park(this);
        }
        idle = false;
        continue;
      }
      runPass();
      lastPass = System.nanoTime();
    }
  }

  private void runPass() {
    try {
      pass.run();
    } catch (RuntimeException | Error e) {
      LOG.error("usage journal syncer pass failed; retrying at the next pass", e);
    }
  }
}
