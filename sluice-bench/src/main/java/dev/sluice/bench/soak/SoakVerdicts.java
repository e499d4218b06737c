package dev.sluice.bench.soak;

import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Judges a soak. Each verdict names what was measured and the limit, so a failure explains itself.
 *
 * <ul>
 *   <li><b>No unexpected errors</b>: every request of a non-fault kind got its correct answer, every fault got the
 *       failure it was built for (an in-band error for a mid-stream drop, never a clean {@code [DONE]}).
 *   <li><b>No error growth</b>: the error rate (expected faults + unexpected) of the last third of the windows is
 *       at most the first third's + {@value #ERROR_RATE_TOLERANCE}. The kinds follow a fixed 20-request cycle, so
 *       the by-design fault rate is the same in every window; a rise is the gateway's.
 *   <li><b>RSS flat</b>, judged by the slope of a least-squares line through the 1 s RSS samples after the warm-up:
 *       the growth it predicts over that span must stay within the plan's limit (5% of the mean RSS; 15% in the
 *       60 s CI run, see {@link Soak.Plan#ci()}). Why a
 *       slope and not max - min: a leak is a trend, while the spread between samples is dominated by where the
 *       garbage collector happened to be (the young generation alone is tens of MiB under a 192 MiB heap), so one
 *       unlucky sample would fail max - min without any leak, and a slow leak would hide inside the sawtooth.
 *       The spread is reported next to it.
 *   <li><b>No thread, fd or connection leak</b>: the value at the end of the run is at most the value at the end
 *       of the warm-up plus a small constant (threads: those outside Vert.x's fixed-size pools; the pools by their
 *       cap, see {@link #FIXED_POOLS}). The client's pool to the gateway is bounded (32 connections), so
 *       downstream sockets cannot grow with load; the constants cover pools reaching a new peak after warm-up, not
 *       a per-request leak (one leaked socket per request at 50/s is 2,000+ in the CI minute).
 *   <li><b>Ledger complete</b>: usage records = requests the fakes received, none INTERRUPTED.
 * </ul>
 */
final class SoakVerdicts {
  static final double ERROR_RATE_TOLERANCE = 0.01;
  static final long THREAD_SLACK = 8;
  static final long FD_SLACK = 64;
  static final long UPSTREAM_CONNECTION_SLACK = 32;

  /**
   * Vert.x's worker and internal-blocking pools have a fixed size (20 each by default; the gateway keeps the
   * defaults) and start their threads one per task as blocking work comes (key lookups, periodic reloads), so they
   * fill up over minutes without any leak. They are judged by their cap; every other thread by the slack.
   */
  static final List<String> FIXED_POOLS = List.of("vert.x-worker-t", "vert.x-internal");
  static final long POOL_CAP = VertxOptions.DEFAULT_WORKER_POOL_SIZE + VertxOptions.DEFAULT_INTERNAL_BLOCKING_POOL_SIZE;

  /** Threads of the window's last sample, less those of the fixed-size pools (names as /proc cuts them). */
  static long unpooled(SoakWindow w) {
    if (w.threads() < 0) {
      return -1;
    }
    long pooled = 0;
    for (var e : w.threadNames().entrySet()) {
      if (FIXED_POOLS.stream().anyMatch(e.getKey()::startsWith)) {
        pooled += e.getValue();
      }
    }
    return w.threads() - pooled;
  }

  record Verdict(String check, String measured, String limit, boolean pass) {}

  private SoakVerdicts() {}

  static List<Verdict> judge(Soak.Result r) {
    List<Verdict> out = new ArrayList<>();
    List<SoakWindow> w = r.windows();
    long unexpected = w.stream().mapToLong(SoakWindow::unexpectedCount).sum();
    out.add(new Verdict("unexpected errors", Long.toString(unexpected), "0", unexpected == 0));

    int third = Math.max(1, w.size() / 3);
    double first = rate(w.subList(0, third));
    double last = rate(w.subList(w.size() - third, w.size()));
    out.add(new Verdict("error rate, last third vs first third",
        pct(last) + " vs " + pct(first), "<= first + " + pct(ERROR_RATE_TOLERANCE),
        last <= first + ERROR_RATE_TOLERANCE));

    RssTrend rss = rssTrend(r);
    out.add(new Verdict("RSS growth after warm-up (linear fit)",
        mib(rss.growthKib()) + " over " + Math.round(rss.spanSeconds()) + " s (" + pct(rss.growthShare())
            + " of mean " + mib(rss.meanKib()) + "); spread max - min of window means " + mib(rss.spreadKib())
            + " (" + pct(rss.spreadKib() / rss.meanKib()) + ")",
        "<= " + pct(r.plan().rssGrowthLimit()) + " of mean", rss.growthShare() <= r.plan().rssGrowthLimit()));

    SoakWindow warm = w.get(r.plan().warmupWindows() - 1);
    SoakWindow end = w.get(w.size() - 1);
    out.add(noLeak("threads outside the fixed-size Vert.x pools", unpooled(warm), unpooled(end), THREAD_SLACK));
    long pooled = end.threads() - unpooled(end);
    out.add(new Verdict("threads in the fixed-size Vert.x pools (worker, internal blocking), end",
        Long.toString(pooled), "<= " + POOL_CAP, end.threads() >= 0 && pooled <= POOL_CAP));
    out.add(noLeak("open file descriptors", warm.fds(), end.fds(), FD_SLACK));
    out.add(noLeak("upstream TCP connections (established)", warm.upstreamConnections(),
        end.upstreamConnections(), UPSTREAM_CONNECTION_SLACK));

    SoakLedgerCheck l = r.ledger();
    out.add(new Verdict("usage ledger complete", l.records() + " records for " + l.upstreamRequests()
        + " upstream requests, " + l.byOutcome().getOrDefault("INTERRUPTED", 0L) + " interrupted",
        "equal, 0 interrupted", l.complete()));
    return out;
  }

  static boolean allPass(List<Verdict> verdicts) {
    return verdicts.stream().allMatch(Verdict::pass);
  }

  private static Verdict noLeak(String what, long warm, long end, long slack) {
    boolean known = warm >= 0 && end >= 0;
    return new Verdict(what + ", end vs end of warm-up", end + " vs " + warm, "<= warm-up + " + slack,
        known && end <= warm + slack);
  }

  static double rate(List<SoakWindow> ws) {
    long sent = 0;
    long errors = 0;
    for (SoakWindow x : ws) {
      sent += x.sentCount();
      errors += x.expectedFaultCount() + x.unexpectedCount();
    }
    return sent == 0 ? Double.NaN : (double) errors / sent;
  }

  /** Least-squares trend of the RSS samples after the warm-up windows. */
  record RssTrend(double growthKib, double spanSeconds, double meanKib, double spreadKib) {
    double growthShare() {
      return meanKib > 0 ? growthKib / meanKib : Double.NaN;
    }
  }

  static RssTrend rssTrend(Soak.Result r) {
    List<SoakWindow> after = r.windows().subList(r.plan().warmupWindows(), r.windows().size());
    List<Long> samples = new ArrayList<>();
    double minMean = Double.MAX_VALUE;
    double maxMean = 0;
    for (SoakWindow x : after) {
      samples.addAll(x.rssSamples());
      double m = x.meanRssKib();
      if (!Double.isNaN(m)) {
        minMean = Math.min(minMean, m);
        maxMean = Math.max(maxMean, m);
      }
    }
    int n = samples.size();
    if (n < 2) {
      return new RssTrend(Double.NaN, 0, Double.NaN, Double.NaN);
    }
    // x in seconds (one sample per second), y in KiB.
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (int i = 0; i < n; i++) {
      double x = i;
      double y = samples.get(i);
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
    double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    double span = (n - 1) * (Soak.SAMPLE_EVERY_MS / 1000.0);
    return new RssTrend(slope * (n - 1), span, sy / n, maxMean - minMean);
  }

  static String pct(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f%%", v * 100);
  }

  static String mib(double kib) {
    return Double.isNaN(kib) ? "n/a" : String.format(Locale.ROOT, "%.1f MiB", kib / 1024.0);
  }
}
