package dev.sluice.server.ledger;

import dev.sluice.core.usage.AttemptRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the journal into the store: reads from the checkpoint, pairs each start with its record, and commits
 * the rows, the starts still open and the new checkpoint in one transaction. So a crash between two batches
 * neither ships a batch twice nor skips one; and the store's {@code INSERT OR IGNORE} by record id makes even a
 * lost checkpoint (a deleted database, a restored backup) harmless.
 *
 * <p>A start whose record is not in the same batch is kept in the store ({@code ledger_open_attempts}), not in
 * memory: the checkpoint can then always move on, and fully shipped segments can be deleted. When is it certain
 * that a record will never come? Each entry carries the run (process) that wrote it, and a run writes only
 * segments numbered from its own first one. Once the checkpoint reaches this run's first segment, every entry of
 * every earlier run has been shipped; an earlier run's start still open then had no record written before that
 * process died, and becomes an {@link AttemptRecord.Outcome#INTERRUPTED} record. Starts of this run are never
 * judged: their record may still come.
 *
 * <p>While the store fails (SQLite busy or locked, disk error, I/O error), the shipper backs off and retries the
 * same batch; the journal keeps growing on disk and drains when the store is back.
 */
final class Shipper {
  private static final Logger LOG = LoggerFactory.getLogger(Shipper.class);

  private final Journal journal;
  private final JournalReader reader;
  private final LedgerStore store;
  private final String run;
  private final LedgerOptions options;
  private final Thread thread;
  private final Object wake = new Object();
  private final CountDownLatch replayed = new CountDownLatch(1);
  private volatile Position shipped;
  private volatile boolean resolved;
  private volatile boolean stopping;
  private volatile long stopDeadlineNanos;

  final AtomicLong shippedRecords = new AtomicLong();
  final AtomicLong duplicateRecords = new AtomicLong();
  final AtomicLong interruptedRecords = new AtomicLong();
  final AtomicLong storeFailures = new AtomicLong();
  final AtomicLong shippedEntriesOfThisRun = new AtomicLong();
  final AtomicLong transactions = new AtomicLong();

  Shipper(Journal journal, LedgerStore store, String run, LedgerOptions options) {
    this.journal = journal;
    this.reader = new JournalReader(journal.dir());
    this.store = store;
    this.run = run;
    this.options = options;
    this.thread = new Thread(this::loop, "sluice-ledger-shipper");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  JournalReader reader() {
    return reader;
  }

  /** Waits until every earlier run's journal is in the store (and its unfinished attempts resolved). */
  boolean awaitReplay(long timeout, TimeUnit unit) throws InterruptedException {
    return replayed.await(timeout, unit);
  }

  /** True once everything up to {@code target} is shipped and earlier runs are resolved. */
  boolean shippedUpTo(Position target) {
    Position p = shipped;
    return resolved && p != null && !p.isBefore(target);
  }

  Position shipped() {
    return shipped;
  }

  /** Ships what the journal holds (trying for at most {@code wait} while the store fails), then stops. */
  void stop(java.time.Duration wait) {
    stopDeadlineNanos = System.nanoTime() + wait.toNanos();
    stopping = true;
    nudge();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void nudge() {
    synchronized (wake) {
      wake.notifyAll();
    }
  }

  private void loop() {
    long backoffMillis = 50;
    boolean failing = false;
    while (true) {
      boolean full;
      try {
        full = shipOnce();
        if (failing) {
          LOG.warn("usage store is back; shipping the journal again (shipped up to {})", shipped);
          failing = false;
        }
        backoffMillis = 50;
      } catch (Exception e) { // SQLException, StoreException, IOException: all mean "not now", never "drop"
        storeFailures.incrementAndGet();
        if (!failing) {
          LOG.error("cannot ship usage records to the store; they stay in the journal and ship when it is back: {}",
              e.toString());
          failing = true;
        }
        if (stopping && System.nanoTime() > stopDeadlineNanos) {
          LOG.warn("stopping with usage records not yet shipped; they stay in the journal for the next start");
          return;
        }
        pause(backoffMillis);
        backoffMillis = Math.min(backoffMillis * 2, options.maxBackoff().toMillis());
        continue;
      }
      if (stopping && (shippedUpTo(journal.committed()) || System.nanoTime() > stopDeadlineNanos)) {
        return;
      }
      if (!full) {
        pause(options.shipInterval().toMillis());
      }
    }
  }

  /** One batch; true when it was full (more is probably waiting). */
  private boolean shipOnce() throws Exception {
    if (shipped == null) {
      shipped = startPosition(store.checkpoint());
      deleteBefore(shipped.segment());
    }
    JournalReader.Chunk chunk = reader.read(shipped, journal.committed(), options.shipRows());
    if (!chunk.end().equals(shipped)) {
      Paired paired = pair(chunk.entries());
      int inserted = store.ship(paired.rows(), paired.opened(), paired.closed(), chunk.end());
      transactions.incrementAndGet();
      shippedRecords.addAndGet(paired.rows().size());
      duplicateRecords.addAndGet(paired.rows().size() - inserted);
      shippedEntriesOfThisRun.addAndGet(chunk.entries().stream().filter(e -> e.run().equals(run)).count());
      shipped = chunk.end();
      deleteBefore(shipped.segment());
    }
    if (!resolved && shipped.segment() >= journal.firstSegment()) {
      List<AttemptRecord> interrupted = store.resolveInterrupted(run);
      if (!interrupted.isEmpty()) {
        LOG.warn("{} attempts were in flight when the gateway last stopped; recorded as INTERRUPTED",
            interrupted.size());
      }
      interruptedRecords.addAndGet(interrupted.size());
      shippedRecords.addAndGet(interrupted.size());
      resolved = true;
      replayed.countDown();
    }
    return chunk.records() >= options.shipRows();
  }

  private record Paired(List<AttemptRecord> rows, List<JournalEntry.Started> opened, Set<String> closed) {}

  /** A start and its record in the same batch never touch the open-attempts table. */
  private static Paired pair(List<JournalEntry> entries) {
    Map<String, JournalEntry.Started> open = new LinkedHashMap<>();
    List<AttemptRecord> rows = new ArrayList<>();
    Set<String> closed = new LinkedHashSet<>();
    for (JournalEntry entry : entries) {
      switch (entry) {
        case JournalEntry.Started s -> open.put(s.id(), s);
        case JournalEntry.Ended e -> {
          rows.add(e.record());
          if (open.remove(e.id()) == null) {
            closed.add(e.id());
          }
        }
      }
    }
    return new Paired(rows, List.copyOf(open.values()), closed);
  }

  /**
   * The checkpoint, or where to start when it names a segment that is gone: the next one on disk. With no
   * checkpoint (first start) or none after it (the journal directory was emptied by hand), the first segment on
   * disk: re-reading shipped entries only costs time, ids keep the store free of duplicates.
   */
  private Position startPosition(Position checkpoint) {
    List<Long> segments = Segments.list(journal.dir());
    long first = segments.isEmpty() ? journal.firstSegment() : segments.getFirst();
    if (checkpoint == null) {
      return new Position(first, 0);
    }
    if (segments.contains(checkpoint.segment())) {
      if (checkpoint.offset() > Segments.size(journal.dir(), checkpoint.segment())) {
        LOG.warn("usage journal checkpoint {} is past the end of its segment; shipping that segment again",
            checkpoint);
        return new Position(checkpoint.segment(), 0);
      }
      return checkpoint;
    }
    OptionalLong next = Segments.after(journal.dir(), checkpoint.segment());
    if (next.isPresent()) {
      return new Position(next.getAsLong(), 0);
    }
    LOG.warn("usage journal checkpoint {} is ahead of every segment on disk; shipping the journal from its start",
        checkpoint);
    return new Position(first, 0);
  }

  /** Deletes segments wholly before the checkpoint. Never the one being written: it is at or after the checkpoint. */
  private void deleteBefore(long segment) {
    for (long n : Segments.list(journal.dir())) {
      if (n >= segment) {
        break;
      }
      Path file = Segments.path(journal.dir(), n);
      try {
        long size = Files.size(file);
        Files.delete(file);
        journal.deleted(size);
      } catch (IOException e) {
        LOG.warn("cannot delete shipped journal segment {}: {}", file, e.toString());
      }
    }
  }

  private void pause(long millis) {
    synchronized (wake) {
      if (stopping && millis > 20) {
        millis = 20;
      }
      try {
        wake.wait(Math.max(1, millis));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
