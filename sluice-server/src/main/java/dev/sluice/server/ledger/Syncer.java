package dev.sluice.server.ledger;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forces the journal to disk off the writer thread: whenever a batch has been written since the last force, one
 * {@code FileChannel.force(false)} (fdatasync) covers it and every batch written meanwhile. So an fsync costs
 * the writer nothing, and under load one fsync covers several batches. See {@link Journal} for what this buys.
 */
final class Syncer {
  private static final Logger LOG = LoggerFactory.getLogger(Syncer.class);

  private final Supplier<FileChannel> channel;
  private final AtomicLong failures;
  private final Thread thread;
  private long written; // guarded by this
  private boolean stopped; // guarded by this
  final AtomicLong forces = new AtomicLong();

  /**
   * At most one force per this interval. An fdatasync per batch at low concurrency (every request its own
   * batch) costs a disk flush per request and, on a 2-core machine, CPU the event loops need (measured: the
   * gateway's added p50 rose by about 100 us). Forcing at most every 10 ms bounds what a power loss can take
   * to the last 10 ms of entries; a process kill still loses nothing (the data is in the page cache).
   */
  static final long MIN_FORCE_INTERVAL_NANOS = 10_000_000L;

  Syncer(Supplier<FileChannel> channel, AtomicLong failures) {
    this.channel = channel;
    this.failures = failures;
    this.thread = new Thread(this::loop, "sluice-journal-syncer");
    thread.setDaemon(true);
    thread.start();
  }

  /** A batch was written: force it soon. */
  synchronized void written() {
    written++;
    notifyAll();
  }

  /** Forces what is pending, then stops. */
  void stop() {
    synchronized (this) {
      stopped = true;
      notifyAll();
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void loop() {
    long synced = 0;
    long lastForce = System.nanoTime() - MIN_FORCE_INTERVAL_NANOS;
    while (true) {
      long target;
      synchronized (this) {
        while (written == synced && !stopped) {
          try {
            wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        if (written == synced) {
          return;
        }
        long early = MIN_FORCE_INTERVAL_NANOS - (System.nanoTime() - lastForce);
        while (early > 0 && !stopped) {
          try {
            wait(Math.max(1, early / 1_000_000));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
          early = MIN_FORCE_INTERVAL_NANOS - (System.nanoTime() - lastForce);
        }
        target = written;
      }
      try {
        channel.get().force(false);
        forces.incrementAndGet();
        lastForce = System.nanoTime();
      } catch (ClosedChannelException e) {
        // rotated meanwhile: the writer forced the old segment before closing it
      } catch (IOException e) {
        failures.incrementAndGet();
        LOG.error("usage journal cannot force its segment to disk: {}", e.toString());
      }
      synced = target;
    }
  }
}
