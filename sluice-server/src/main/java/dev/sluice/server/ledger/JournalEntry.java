package dev.sluice.server.ledger;

import dev.sluice.core.usage.AttemptRecord;
import dev.sluice.core.usage.AttemptStart;
import java.util.Objects;

/**
 * One line of the journal: the intent to send an attempt ({@link Started}) or its end ({@link Ended}). Each
 * carries the run (one per process) that wrote it, so replay can tell a start whose record may still come
 * (this run) from one whose record never will (an earlier run: the process died).
 */
sealed interface JournalEntry permits JournalEntry.Started, JournalEntry.Ended {
  String run();

  /** requestId#attempt: what pairs a start with its record, and the store's idempotency key. */
  String id();

  record Started(String run, AttemptStart start) implements JournalEntry {
    public Started {
      Objects.requireNonNull(run, "run");
      Objects.requireNonNull(start, "start");
    }

    @Override
    public String id() {
      return start.id();
    }
  }

  record Ended(String run, AttemptRecord record) implements JournalEntry {
    public Ended {
      Objects.requireNonNull(run, "run");
      Objects.requireNonNull(record, "record");
    }

    @Override
    public String id() {
      return record.id();
    }
  }
}
