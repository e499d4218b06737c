package dev.sluice.server.config;

import static dev.sluice.server.config.ConfigTestSupport.onlyProblem;
import static dev.sluice.server.config.ConfigTestSupport.parse;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code ledger.on_journal_failure}: reject (fail closed) unless the file says serve; anything else is an error. */
class LedgerConfigTest {

  @Test
  void rejectIsTheDefault() {
    assertThat(parse("store:\n  url: \"sqlite:./x.db\"\n").store().ledger().onJournalFailure())
        .isEqualTo(JournalFailurePolicy.REJECT);
  }

  @Test
  void serveAndRejectAreRead() {
    assertThat(parse("ledger:\n  on_journal_failure: serve\n").store().ledger().onJournalFailure())
        .isEqualTo(JournalFailurePolicy.SERVE);
    assertThat(parse("ledger:\n  on_journal_failure: REJECT\n").store().ledger().onJournalFailure())
        .isEqualTo(JournalFailurePolicy.REJECT);
  }

  @Test
  void anUnknownValueOrKeyIsAProblemWithAFix() {
    onlyProblem("ledger:\n  on_journal_failure: ignore\n", "ledger.on_journal_failure", "unknown on_journal_failure");
    onlyProblem("ledger:\n  on_disk_full: serve\n", "ledger.on_disk_full", "");
  }
}
