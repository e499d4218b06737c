package dev.sluice.bench.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What one window (10 s by default) of the soak saw: requests by outcome, errors by kind, latencies, and the
 * gateway process's samples. Requests belong to the window they were sent in (by intended send time), so a slow
 * answer cannot move an error into a later window. All methods are synchronized: answers arrive on event loops,
 * samples on the sampler thread, and the report reads it at the end.
 */
final class SoakWindow {
  private final int index;
  private final long startMs;
  private long sent;
  private long ok;
  private long expectedFaults;
  private long fallbacks;
  private final Map<String, Long> unexpected = new TreeMap<>();
  private final Map<String, Long> faultsByKind = new TreeMap<>();
  private final Histogram unary = new Histogram(60_000_000L, 2);
  private final Histogram streams = new Histogram(60_000_000L, 2);
  private final List<Long> rssKib = new ArrayList<>();
  private long threads = -1;
  private long fds = -1;
  private long upstreamConnections = -1;
  private Map<String, Integer> threadNames = Map.of();

  SoakWindow(int index, long startMs) {
    this.index = index;
    this.startMs = startMs;
  }

  int index() {
    return index;
  }

  long startMs() {
    return startMs;
  }

  synchronized void sent() {
    sent++;
  }

  synchronized void ok(SoakKind kind, long micros, boolean fellBack) {
    ok++;
    if (fellBack) {
      fallbacks++;
    }
    Histogram h = kind == SoakKind.STREAM || kind == SoakKind.MESSAGES_STREAM ? streams : unary;
    h.recordValue(Math.min(Math.max(micros, 1), h.getHighestTrackableValue()));
  }

  /** A failure the request was built to cause (the fault kinds). */
  synchronized void expectedFault(String what) {
    expectedFaults++;
    faultsByKind.merge(what, 1L, Long::sum);
  }

  /** Anything else that went wrong; {@code what} is short and bounded (kind: status or exception class). */
  synchronized void unexpected(String what) {
    unexpected.merge(what, 1L, Long::sum);
  }

  synchronized void sample(long rss, long threads, long fds, long upstreamConnections,
      Map<String, Integer> threadNames) {
    this.threadNames = threadNames;
    if (rss > 0) {
      rssKib.add(rss);
    }
    this.threads = threads;
    this.fds = fds;
    this.upstreamConnections = upstreamConnections;
  }

  synchronized long sentCount() {
    return sent;
  }

  synchronized long okCount() {
    return ok;
  }

  synchronized long expectedFaultCount() {
    return expectedFaults;
  }

  synchronized long fallbackCount() {
    return fallbacks;
  }

  synchronized long unexpectedCount() {
    return unexpected.values().stream().mapToLong(Long::longValue).sum();
  }

  synchronized Map<String, Long> unexpectedByKind() {
    return new TreeMap<>(unexpected);
  }

  synchronized Map<String, Long> faultsByKind() {
    return new TreeMap<>(faultsByKind);
  }

  /** (expected faults + unexpected errors) / sent; NaN for an empty window. */
  synchronized double errorRate() {
    return sent == 0 ? Double.NaN : (double) (expectedFaults + unexpectedCount()) / sent;
  }

  synchronized List<Long> rssSamples() {
    return List.copyOf(rssKib);
  }

  synchronized double meanRssKib() {
    return rssKib.stream().mapToLong(Long::longValue).average().orElse(Double.NaN);
  }

  synchronized long threads() {
    return threads;
  }

  /** The gateway's threads by name (digits dropped) at the window's last sample. */
  synchronized Map<String, Integer> threadNames() {
    return threadNames;
  }

  synchronized long fds() {
    return fds;
  }

  synchronized long upstreamConnections() {
    return upstreamConnections;
  }

  /** Percentile in ms of the unary (true) or streamed (false) successes; -1 when none. */
  synchronized double percentileMs(boolean unaryCalls, double p) {
    Histogram h = unaryCalls ? unary : streams;
    return h.getTotalCount() == 0 ? -1 : h.getValueAtPercentile(p) / 1000.0;
  }
}
