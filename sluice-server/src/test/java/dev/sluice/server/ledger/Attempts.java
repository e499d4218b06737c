package dev.sluice.server.ledger;

import dev.sluice.core.model.Usage;
import dev.sluice.core.model.UsageSource;
import dev.sluice.core.usage.AttemptRecord;
import dev.sluice.core.usage.AttemptStart;
import java.time.Instant;
import java.util.Map;

/** Starts and records for ledger tests. */
final class Attempts {
  static final Instant T0 = Instant.parse("2025-06-01T12:00:00.123456Z");

  private Attempts() {}

  static AttemptStart start(String requestId) {
    return new AttemptStart(requestId, 1, "key_a", "alice", "ml", "acme", "fast", "fake/gpt-4o-mini", "fake",
        "gpt-4o-mini", true, Map.of("cost_center", "cc-42"), T0);
  }

  static AttemptRecord served(String requestId) {
    return served(requestId, 1_000_000);
  }

  static AttemptRecord served(String requestId, long costNanos) {
    return new AttemptRecord(requestId, 1, "key_a", "alice", "ml", "acme", "fast", "fake/gpt-4o-mini", "fake",
        "gpt-4o-mini", AttemptRecord.Outcome.SERVED, null, 200,
        new Usage(120, 20, 0, 30, 5, UsageSource.REPORTED), costNanos, true, 840, 95, true,
        Map.of("cost_center", "cc-42"), T0);
  }

  static JournalEntry.Started started(String run, String requestId) {
    return new JournalEntry.Started(run, start(requestId));
  }

  static JournalEntry.Ended ended(String run, String requestId) {
    return new JournalEntry.Ended(run, served(requestId));
  }
}
