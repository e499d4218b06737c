package dev.sluice.bench;

import org.HdrHistogram.Histogram;

/**
 * What one load run against one target saw. Latencies in microseconds: for unary requests from the (intended)
 * send to the last body byte; for streams the whole stream, plus time to first event and the gaps between events.
 * Recording is synchronized: responses complete on several event loops.
 */
final class RunResult {
  private static final long MAX_US = 3_600_000_000L;

  final String target;
  final Histogram latency = new Histogram(MAX_US, 3);
  final Histogram ttfe = new Histogram(MAX_US, 3);
  final Histogram gap = new Histogram(MAX_US, 3);
  /** Time to the first event that carries answer text (OpenAI {@code delta.content}): the first token. */
  final Histogram ttft = new Histogram(MAX_US, 3);
  long ok;
  long errors;
  long dropped;
  long events;
  long minEvents = Long.MAX_VALUE;
  long maxEvents;
  long batchedGaps;
  /** Gaps between events from the first token on, and how many of them were under 1 ms. */
  long tokenGaps;
  long batchedTokenGaps;
  long elapsedNanos;
  double cpuSeconds = Double.NaN;
  String firstError;
  private int open;
  int maxOpen;

  RunResult(String target) {
    this.target = target;
  }

  /** When the last request completed successfully (System.nanoTime), for throughput. */
  long lastOkNanos;

  synchronized void ok(long micros) {
    ok++;
    lastOkNanos = System.nanoTime();
    latency.recordValue(clamp(micros));
  }

  synchronized void error(String why) {
    errors++;
    if (firstError == null) {
      firstError = why;
    }
  }

  synchronized void dropped() {
    dropped++;
  }

  synchronized void firstEvent(long micros) {
    ttfe.recordValue(clamp(micros));
    open++;
    maxOpen = Math.max(maxOpen, open);
  }

  synchronized void gap(long micros, boolean afterFirstToken) {
    gap.recordValue(clamp(micros));
    if (micros < 1000) {
      batchedGaps++;
    }
    if (afterFirstToken) {
      tokenGaps++;
      if (micros < 1000) {
        batchedTokenGaps++;
      }
    }
  }

  synchronized void firstToken(long micros) {
    ttft.recordValue(clamp(micros));
  }

  /** A stream ended (cleanly or not) after {@code n} events; {@code started} if it had a first event. */
  synchronized void streamEnded(long n, boolean started) {
    if (started) {
      open--;
    }
    events += n;
    minEvents = Math.min(minEvents, n);
    maxEvents = Math.max(maxEvents, n);
  }

  synchronized void add(RunResult other) {
    latency.add(other.latency);
    ttfe.add(other.ttfe);
    gap.add(other.gap);
    ttft.add(other.ttft);
    tokenGaps += other.tokenGaps;
    batchedTokenGaps += other.batchedTokenGaps;
    ok += other.ok;
    errors += other.errors;
    dropped += other.dropped;
    events += other.events;
    minEvents = Math.min(minEvents, other.minEvents);
    maxEvents = Math.max(maxEvents, other.maxEvents);
    batchedGaps += other.batchedGaps;
    elapsedNanos += other.elapsedNanos;
    maxOpen = Math.max(maxOpen, other.maxOpen);
    if (!Double.isNaN(other.cpuSeconds)) {
      cpuSeconds = Double.isNaN(cpuSeconds) ? other.cpuSeconds : cpuSeconds + other.cpuSeconds;
    }
    if (firstError == null) {
      firstError = other.firstError;
    }
  }

  /** Requests per second actually completed. */
  double throughput() {
    return elapsedNanos == 0 ? 0 : ok * 1e9 / elapsedNanos;
  }

  /** CPU microseconds per completed request of the process that serves this hop; NaN if unknown. */
  double cpuMicrosPerRequest() {
    return ok == 0 ? Double.NaN : cpuSeconds * 1e6 / ok;
  }

  long p(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? -1 : h.getValueAtPercentile(percentile);
  }

  private static long clamp(long micros) {
    return Math.max(1, Math.min(MAX_US, micros));
  }
}
