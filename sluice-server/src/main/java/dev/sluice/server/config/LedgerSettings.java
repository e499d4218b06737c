package dev.sluice.server.config;

import java.util.Objects;

/**
 * The usage ledger's settings ({@code ledger:} in the YAML).
 *
 * @param onJournalFailure {@code on_journal_failure}: refuse new requests (default) or serve them while the
 *     journal cannot write
 * @param segmentBytes journal segment size (16 MiB); not in the YAML: tests use small segments to make a
 *     segment roll, where a broken disk shows, happen after a few entries
 */
public record LedgerSettings(JournalFailurePolicy onJournalFailure, long segmentBytes) {
  public static final long DEFAULT_SEGMENT_BYTES = 16L << 20;
  public static final LedgerSettings DEFAULTS = new LedgerSettings(JournalFailurePolicy.REJECT, DEFAULT_SEGMENT_BYTES);

  public LedgerSettings {
    Objects.requireNonNull(onJournalFailure, "onJournalFailure");
  }
}
