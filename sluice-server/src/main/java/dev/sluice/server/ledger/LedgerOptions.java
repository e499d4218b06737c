package dev.sluice.server.ledger;

import java.time.Duration;

/**
 * The ledger's tunables; {@link #DEFAULTS} in production, smaller values in tests.
 *
 * @param segmentBytes rotate to a new segment past this size (16 MiB: ~30,000 records, a few seconds of replay)
 * @param shipRows ship at most this many records per store transaction; a full batch ships at once
 * @param shipInterval a batch that is not full waits this long for more (store writes stay few and large)
 * @param maxBackoff the longest pause between retries while the store fails
 * @param replayWait how long {@link Ledger#open} waits for an earlier run's journal to reach the store, so
 *     spend read right after start-up includes it; past this, start-up continues and replay goes on behind
 * @param closeWait how long {@link Ledger#close} keeps shipping to an unavailable store before leaving the rest
 *     in the journal for the next start
 */
record LedgerOptions(long segmentBytes, int shipRows, Duration shipInterval, Duration maxBackoff,
    Duration replayWait, Duration closeWait) {

  static final LedgerOptions DEFAULTS = new LedgerOptions(16L << 20, 500, Duration.ofMillis(200),
      Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(5));

  LedgerOptions withSegmentBytes(long bytes) {
    return new LedgerOptions(bytes, shipRows, shipInterval, maxBackoff, replayWait, closeWait);
  }

  LedgerOptions withBackoff(Duration max) {
    return new LedgerOptions(segmentBytes, shipRows, shipInterval, max, replayWait, closeWait);
  }

  LedgerOptions withReplayWait(Duration wait) {
    return new LedgerOptions(segmentBytes, shipRows, shipInterval, maxBackoff, wait, closeWait);
  }

  LedgerOptions withCloseWait(Duration wait) {
    return new LedgerOptions(segmentBytes, shipRows, shipInterval, maxBackoff, replayWait, wait);
  }
}
