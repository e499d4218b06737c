package dev.sluice.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop pacing, shared by the benchmark ({@link LoadGen}) and the soak: sends are scheduled at fixed
 * intended times whatever the answers do, so a slow gateway shows as latency (measured from the intended time)
 * rather than as fewer requests.
 */
public final class OpenLoop {
  private OpenLoop() {}

  /** One send: its index from 0, its intended time ({@link System#nanoTime} scale) and that time since the start. */
  public interface Send {
    void at(long index, long intended, long sinceStart);
  }

  /**
   * Calls {@code send} at {@code rate}/s from now until {@code durationMs} has passed, each call no earlier than
   * its intended time. Returns the start ({@link System#nanoTime} scale).
   */
  public static long run(double rate, long durationMs, Send send) {
    long period = (long) (1e9 / rate);
    long start = System.nanoTime();
    long end = start + TimeUnit.MILLISECONDS.toNanos(durationMs);
    for (long i = 0; ; i++) {
      long intended = start + i * period;
      if (intended >= end) {
        break;
      }
      long wait;
      while ((wait = intended - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      send.at(i, intended, intended - start);
    }
    return start;
  }

  /** Waits (at most 30 s) until no answer is outstanding, so the last sends are counted too. */
  public static void drain(AtomicInteger inFlight) {
    long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (inFlight.get() > 0 && System.nanoTime() < drainUntil) {
      LockSupport.parkNanos(1_000_000);
    }
  }
}
