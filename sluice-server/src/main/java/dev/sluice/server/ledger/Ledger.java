package dev.sluice.server.ledger;

import dev.sluice.core.usage.AttemptRecord;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.usage.AttemptStart;
import dev.sluice.server.config.JournalFailurePolicy;
import dev.sluice.server.config.LedgerSettings;
import dev.sluice.server.proxy.AttemptRecorder;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable usage ledger: every attempt's start and record go to a local append-only journal first
 * ({@code <dataDir>/journal/}), then a background shipper moves them to the store in batches. Nothing on the
 * request path waits for the store or for another thread: {@link #begin} and {@link #record} copy the entry into
 * the memory-mapped journal segment on the caller's thread (a few microseconds), and {@code begin}'s future is
 * complete when it returns.
 *
 * <p>Guarantees: an attempt whose {@code begin} future completed has, after any crash of this process, exactly
 * one usage row once a later process has shipped the journal: its own record if it was written, else an
 * {@link AttemptRecord.Outcome#INTERRUPTED} one. A power loss can lose the last fsync window (see
 * {@link Journal}). The store being down delays rows, never drops them.
 *
 * <p>Threads: a journal syncer (fsync, segment housekeeping) and a shipper, daemons, stopped by {@link #close}.
 */
public final class Ledger implements AttemptRecorder, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);

  private final Journal journal;
  private final Shipper shipper;
  private final String run;
  private final LedgerOptions options;
  private final JournalFailurePolicy onJournalFailure;
  private final AtomicLong rejectedAttempts = new AtomicLong();
  /** Set while refusing, so the error is logged once per outage, not per request. */
  private final AtomicBoolean refusing = new AtomicBoolean();

  /**
   * A snapshot of the ledger's counters, for metrics.
   *
   * @param pendingEntries entries of this process not yet in the store (waiting in memory for the disk or written and
   *     not yet shipped); grows while the store is unavailable
   * @param journalBytes bytes in journal segments on disk (shipped segments are deleted)
   * @param shippedRecords usage rows committed to the store by this process, INTERRUPTED ones included
   * @param interruptedRecords rows made for attempts an earlier process never finished
   * @param duplicateRecords rows the store already had (a replay after a lost checkpoint); harmless
   * @param storeFailures failed shipping attempts (each retried)
   * @param journalWriteFailures failed journal writes or fsyncs (each retried; the request went on)
   * @param corruptLines journal lines that were not valid entries, skipped
   * @param journalBatches entries copied into the journal (one copy each: there is no group commit any more)
   * @param fsyncs {@code force()} calls
   */
  public record Counters(long pendingEntries, long journalBytes, long shippedRecords, long interruptedRecords,
      long duplicateRecords, long storeFailures, long journalWriteFailures, long corruptLines, long journalBatches,
      long fsyncs) {}

  private Ledger(Journal journal, Shipper shipper, String run, LedgerOptions options,
      JournalFailurePolicy onJournalFailure) {
    this.journal = journal;
    this.shipper = shipper;
    this.run = run;
    this.options = options;
    this.onJournalFailure = onJournalFailure;
  }

  /**
   * Opens the journal in {@code <dataDir>/journal}, starts the syncer and the shipper, and waits (up to 10 s) for
   * the journal an earlier process left to reach the store, so that spend read from the store right after this
   * includes it. When the store is unavailable it returns anyway and the replay continues in the background.
   */
  public static Ledger open(Path dataDir, LedgerStore store) {
    return open(dataDir, store, LedgerSettings.DEFAULTS);
  }

  /** As {@link #open(Path, LedgerStore)}, with the configuration's journal settings. */
  public static Ledger open(Path dataDir, LedgerStore store, LedgerSettings settings) {
    return open(dataDir, store, LedgerOptions.DEFAULTS.withSegmentBytes(settings.segmentBytes()),
        settings.onJournalFailure());
  }

  static Ledger open(Path dataDir, LedgerStore store, LedgerOptions options) {
    return open(dataDir, store, options, JournalFailurePolicy.REJECT);
  }

  static Ledger open(Path dataDir, LedgerStore store, LedgerOptions options, JournalFailurePolicy onJournalFailure) {
    String run = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    Journal journal = Journal.open(dataDir.resolve("journal"), options.segmentBytes());
    Shipper shipper = new Shipper(journal, store, run, options);
    shipper.start();
    Ledger ledger = new Ledger(journal, shipper, run, options, onJournalFailure);
    try {
      if (!shipper.awaitReplay(options.replayWait().toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("the usage journal of the last run is not in the store yet (store unavailable?); it ships when"
            + " the store answers, and spend read before then misses it");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ledger;
  }

  /**
   * Journals the intent; the returned future is already complete (the entry is in the page cache). While the
   * journal cannot write, {@code reject} (the default) fails it with a 503 and keeps nothing, so the attempt is
   * never sent (no spend without its record); {@code serve} completes it and the entry waits in memory.
   */
  @Override
  public Future<Void> begin(AttemptStart start) {
    byte[] line = JournalCodec.encode(new JournalEntry.Started(run, start));
    if (onJournalFailure == JournalFailurePolicy.SERVE) {
      return journal.append(line, /* await= */ true);
    }
    if (journal.tryAppend(line)) {
      if (refusing.get() && refusing.compareAndSet(true, false)) {
        LOG.warn("usage journal writes again: accepting requests");
      }
      return Future.succeededFuture();
    }
    rejectedAttempts.incrementAndGet();
    if (refusing.compareAndSet(false, true)) {
      LOG.error("usage journal in {} cannot write: refusing new requests with 503 until it can"
          + " (ledger.on_journal_failure: reject); sluice_ledger_rejected_attempts counts them", journal.dir());
    }
    return Future.failedFuture(GatewayException.overloaded("The gateway cannot record usage right now (its usage"
        + " journal cannot write), so it refuses new requests. Try again shortly.", null));
  }

  /** Whether the journal cannot write at the moment. */
  public boolean journalFailing() {
    return journal.failing();
  }

  /** Requests refused because the journal could not write ({@code on_journal_failure: reject}). */
  public long rejectedAttempts() {
    return rejectedAttempts.get();
  }

  @Override
  public void record(AttemptRecord record) {
    journal.append(JournalCodec.encode(new JournalEntry.Ended(run, record)), /* await= */ false);
  }

  /**
   * Blocks until everything begun or recorded before this call is in the store.
   *
   * @throws IllegalStateException when that takes longer than {@code timeout}
   */
  public void awaitShipped(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Position target;
    try {
      target = journal.barrier().toCompletionStage().toCompletableFuture().get(timeout.toNanos(),
          TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the journal did not flush within " + timeout + "; " + counters(), e);
    }
    shipper.nudge();
    while (!shipper.shippedUpTo(target)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("usage not shipped within " + timeout + " (shipped up to "
            + shipper.shipped() + ", target " + target + "); " + counters());
      }
      sleepMillis(5);
    }
  }

  public Counters counters() {
    long written = journal.entriesWritten.get();
    long pending = journal.queued.get() + Math.max(0, written - shipper.shippedEntriesOfThisRun.get());
    return new Counters(pending, journal.bytesOnDisk.get(), shipper.shippedRecords.get(),
        shipper.interruptedRecords.get(), shipper.duplicateRecords.get(), shipper.storeFailures.get(),
        journal.writeFailures.get(), shipper.reader().corruptLines.get(), journal.batches.get(),
        journal.forces());
  }

  /**
   * Forces what is journaled, ships what it can (for at most 5 s while the store is unavailable; the rest
   * waits in the journal for the next start) and stops the threads. Close it after the HTTP server, so records of
   * requests finishing during shutdown still get in.
   */
  @Override
  public void close() {
    journal.close();
    shipper.stop(options.closeWait());
  }

  /** This process's run id, written into each of its journal entries. */
  String run() {
    return run;
  }

  Journal journal() {
    return journal;
  }

  private static void sleepMillis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
