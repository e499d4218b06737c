package dev.sluice.bench.soak;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The soak's markdown: what ran, the per-window table, errors by kind, the ledger and the verdicts. */
final class SoakReport {
  private SoakReport() {}

  static String markdown(Soak.Result r, List<SoakVerdicts.Verdict> verdicts, String command) {
    Soak.Plan p = r.plan();
    StringBuilder out = new StringBuilder();
    out.append("### ").append(LocalDate.now()).append(", `").append(command).append("`: ")
        .append(SoakVerdicts.allPass(verdicts) ? "PASS" : "FAIL").append("\n\n");
    out.append("- Plan: ").append(p.durationMs() / 1000).append(" s at ").append(num(p.rate(), 0))
        .append(" requests/s open loop, ").append(p.windowMs() / 1000).append(" s windows, warm-up ")
        .append(p.warmupWindows()).append(" window(s), ").append(p.connections())
        .append(" client connections to the gateway\n");
    out.append("- Mix per 20 requests: ");
    StringBuilder mix = new StringBuilder();
    for (SoakKind k : SoakKind.values()) {
      mix.append(mix.isEmpty() ? "" : ", ").append(k.share).append(' ').append(k.name().toLowerCase(Locale.ROOT));
    }
    out.append(mix).append(" (").append(SoakVerdicts.pct(SoakKind.faultShare()))
        .append(" fail by design); fallback: 1 in 4 of the requests that reach its first deployment fail there "
            + "(500, every 4th failure a 429; ").append(r.flakyFailuresQueued()).append(" failures)\n");
    out.append("- Gateway: its own process, JVM flags `").append(String.join(" ", r.gatewayJvmFlags()))
        .append("`; fakes and load generator in the soak's JVM; machine ")
        .append(Runtime.getRuntime().availableProcessors()).append(" CPUs, shared\n");
    out.append("- Sampled every second from /proc: VmRSS (window mean), Threads, fds in /proc/<pid>/fd, "
        + "ESTABLISHED connections to the fakes' ports in /proc/net/tcp (the last two and threads: value at the "
        + "window's end); latency from the intended send time (ms)\n\n");

    out.append("| window | sent | ok | faults (by design) | unexpected | error rate | fell back | unary p50 / p99 "
        + "| stream p50 / p99 | RSS | threads (outside pools) | fds | upstream conns |\n");
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (SoakWindow w : r.windows()) {
      long s0 = w.startMs() / 1000;
      out.append("| ").append(s0).append("-").append(s0 + p.windowMs() / 1000).append(" s")
          .append(w.index() < p.warmupWindows() ? " (warm-up)" : "")
          .append(" | ").append(w.sentCount()).append(" | ").append(w.okCount())
          .append(" | ").append(w.expectedFaultCount()).append(" | ").append(w.unexpectedCount())
          .append(" | ").append(SoakVerdicts.pct(w.errorRate())).append(" | ").append(w.fallbackCount())
          .append(" | ").append(ms(w.percentileMs(true, 50))).append(" / ").append(ms(w.percentileMs(true, 99)))
          .append(" | ").append(ms(w.percentileMs(false, 50))).append(" / ").append(ms(w.percentileMs(false, 99)))
          .append(" | ").append(SoakVerdicts.mib(w.meanRssKib())).append(" | ").append(w.threads()).append(" (").append(SoakVerdicts.unpooled(w)).append(")")
          .append(" | ").append(w.fds()).append(" | ").append(w.upstreamConnections()).append(" |\n");
    }
    out.append('\n');

    SoakWindow warm = r.windows().get(p.warmupWindows() - 1);
    SoakWindow end = r.windows().get(r.windows().size() - 1);
    out.append("Gateway threads by name, end of warm-up -> end: ").append(threadChanges(warm.threadNames(),
        end.threadNames())).append(".\n\n");

    Map<String, Long> faults = new TreeMap<>();
    Map<String, Long> unexpected = new TreeMap<>();
    for (SoakWindow w : r.windows()) {
      w.faultsByKind().forEach((k, v) -> faults.merge(k, v, Long::sum));
      w.unexpectedByKind().forEach((k, v) -> unexpected.merge(k, v, Long::sum));
    }
    out.append("| errors by kind | count |\n| --- | ---: |\n");
    faults.forEach((k, v) -> out.append("| by design: ").append(k).append(" | ").append(v).append(" |\n"));
    if (unexpected.isEmpty()) {
      out.append("| unexpected | 0 |\n");
    }
    unexpected.forEach((k, v) -> out.append("| unexpected: ").append(k).append(" | ").append(v).append(" |\n"));
    out.append('\n');
    r.unexpectedSamples().forEach((k, v) -> out.append("First answer of `").append(k).append("`: `")
        .append(v.replace('`', '\'').replace("\n", "\\n")).append("`\n\n"));

    SoakLedgerCheck l = r.ledger();
    out.append("Ledger (read from the gateway's SQLite after the shipper drained, ").append(l.waitedMs())
        .append(" ms after the last answer): ").append(l.records()).append(" records for ")
        .append(l.upstreamRequests()).append(" requests the fakes received; by outcome ").append(l.byOutcome())
        .append(", by provider ").append(l.byProvider()).append(".\n\n");

    out.append("| verdict | measured | limit | result |\n| --- | --- | --- | --- |\n");
    for (SoakVerdicts.Verdict v : verdicts) {
      out.append("| ").append(v.check()).append(" | ").append(v.measured()).append(" | ").append(v.limit())
          .append(" | ").append(v.pass() ? "pass" : "**FAIL**").append(" |\n");
    }
    return out.toString();
  }

  /** The thread names whose count changed, as {@code name a -> b}; "unchanged" when none did. */
  static String threadChanges(Map<String, Integer> before, Map<String, Integer> after) {
    Map<String, Integer> all = new TreeMap<>(before);
    after.forEach((k, v) -> all.putIfAbsent(k, 0));
    StringBuilder b = new StringBuilder();
    for (String name : all.keySet()) {
      int x = before.getOrDefault(name, 0);
      int y = after.getOrDefault(name, 0);
      if (x != y) {
        b.append(b.isEmpty() ? "" : ", ").append('`').append(name).append("` ").append(x).append(" -> ").append(y);
      }
    }
    return b.isEmpty() ? "unchanged" : b.toString();
  }

  private static String ms(double v) {
    return v < 0 ? "-" : num(v, v < 10 ? 1 : 0);
  }

  private static String num(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }
}
