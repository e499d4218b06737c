package dev.sluice.server.config;

/**
 * What the gateway does while the usage journal cannot write (disk full, directory gone, I/O errors):
 * {@code ledger.on_journal_failure}.
 */
public enum JournalFailurePolicy {
  /**
   * Fail closed (the default): a new request is refused with a 503 in the caller's dialect before it reaches a
   * provider, so no spend goes unrecorded; attempts already under way finish and their records wait in memory.
   */
  REJECT,
  /**
   * Fail open: requests are served and their entries wait in memory until the journal writes again; a crash in
   * the meantime loses them.
   */
  SERVE
}
