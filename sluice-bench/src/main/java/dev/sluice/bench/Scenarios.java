package dev.sluice.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The benchmark's scenarios, each run against every target of the {@link Stack} in one go, each reported as a
 * markdown table with the difference to the direct path. Facts the targets of issue 7 need are kept in
 * {@link Facts}.
 */
final class Scenarios {
  /** Measurements the target check reads; NaN/-1/null where the scenario did not run. */
  static final class Facts {
    long[] addedC1 = null;     // p50, p99 µs
    long[] addedC32 = null;
    double gatewayCpuC32 = Double.NaN;
    double nginxCpuC32 = Double.NaN;
    long addedTtftC128P50 = Long.MIN_VALUE;
    double batchedGateway = Double.NaN;
    double batchedDirect = Double.NaN;
    long eventsPerStreamDirect = -1;
    long eventsPerStreamGateway = -1;
    long rss1000Kib = -1;
    int heldStreams;
    int frontier = -1;
    /** (f) c=32 non-stream: gateway CPU µs per request passthrough and translated, their ratio. */
    double passthroughCpuC32 = Double.NaN;
    double translatedCpuC32 = Double.NaN;
    double translationCpuRatio = Double.NaN;
    /** (f) failed requests and streams on the translation path (both modes); -1 when (f) did not run. */
    long translationErrors = -1;
  }

  /** Concurrency of both (f) runs, as (b) and the lower (d) level of the full plan. */
  static final int TRANSLATION_CONCURRENCY = 32;

  final Stack stack;
  final LoadGen gen;
  final Plan plan;
  final Facts facts = new Facts();
  final Map<String, String> sections = new LinkedHashMap<>();
  /** Each scenario's raw results by target name, for tests. */
  final Map<String, Map<String, RunResult>> results = new LinkedHashMap<>();

  Scenarios(Stack stack, LoadGen gen, Plan plan) {
    this.stack = stack;
    this.gen = gen;
    this.plan = plan;
  }

  private static void log(String fmt, Object... args) {
    System.err.printf(Locale.ROOT, "bench: " + fmt + "%n", args);
  }

  /** Runs {@code run} for every target, {@code rounds} times alternating, with each hop's CPU delta. */
  private Map<String, RunResult> compare(String label, int rounds, Function<Target, RunResult> run) {
    return compare(label, rounds, stack.targets(), run);
  }

  /** As {@link #compare(String, int, Function)} over the given targets. */
  private Map<String, RunResult> compare(String label, int rounds, List<Target> targets,
      Function<Target, RunResult> run) {
    Map<String, RunResult> merged = new LinkedHashMap<>();
    for (Target t : targets) {
      merged.put(t.name(), new RunResult(t.name()));
    }
    for (int i = 0; i < rounds; i++) {
      for (Target t : targets) {
        double before = ProcStats.cpuSeconds(t.pid());
        RunResult r = run.apply(t);
        r.cpuSeconds = ProcStats.cpuSeconds(t.pid()) - before;
        merged.get(t.name()).add(r);
      }
    }
    merged.values().forEach(r -> log("%s / %s: %d ok, %d errors, p50 %d µs, p99 %d µs%s", label, r.target, r.ok,
        r.errors, r.p(r.latency, 50), r.p(r.latency, 99), r.firstError == null ? "" : " (" + r.firstError + ")"));
    results.put(label, merged);
    return merged;
  }

  void warmUp() {
    log("warm-up, %d ms per target", plan.warmMs());
    for (Target t : stack.targets()) {
      gen.closed(t, "gpt-4o-mini", false, 8, plan.warmMs() * 2 / 3);
      gen.closed(t, plan.dModel(), true, 8, plan.warmMs() / 3);
    }
  }

  /** (a) serial c=1 non-stream. */
  void a() {
    Map<String, RunResult> r = compare("a", plan.aRounds(),
        t -> gen.closed(t, "gpt-4o-mini", false, 1, plan.aMs()));
    facts.addedC1 = added(r);
    sections.put("(a) serial, c=1, non-stream, closed loop", unaryTable(r));
  }

  /** (b) c=32 non-stream, 0 ms and 50 ms upstream latency. */
  void b() {
    StringBuilder out = new StringBuilder();
    for (String model : List.of("gpt-4o-mini", "slow-50")) {
      Map<String, RunResult> r = compare("b " + model, plan.bRounds(),
          t -> gen.closed(t, model, false, 32, plan.bMs()));
      if (model.equals("gpt-4o-mini")) {
        facts.addedC32 = added(r);
        facts.gatewayCpuC32 = r.get(stack.gateway.name()).cpuMicrosPerRequest();
        if (stack.nginx != null) {
          facts.nginxCpuC32 = r.get(stack.nginx.name()).cpuMicrosPerRequest();
        }
      }
      out.append("Upstream latency ").append(model.equals("slow-50") ? "50 ms (`slow-50`)" : "0 ms").append(":\n\n");
      out.append(unaryTable(r)).append('\n');
    }
    sections.put("(b) c=32, non-stream, closed loop", out.toString().stripTrailing() + "\n");
  }

  /** (c) open-loop rate sweep up to the highest rate with added p99 < 5 ms. */
  void c() {
    Md md = new Md("rate req/s", "direct p50 / p99 µs", "nginx p99 µs", "gateway p50 / p99 µs",
        "added p99 µs", "gateway CPU µs/req", "gateway errors+dropped", "added p99 < 5 ms");
    int frontier = -1;
    for (int rate : plan.rates()) {
      Map<String, RunResult> r = compare("c " + rate, 1,
          t -> gen.open(t, "gpt-4o-mini", false, rate, plan.sweepMs(), plan.sweepPool()));
      RunResult d = r.get(stack.direct.name());
      RunResult g = r.get(stack.gateway.name());
      RunResult n = stack.nginx == null ? null : r.get(stack.nginx.name());
      long addedP99 = g.p(g.latency, 99) - d.p(d.latency, 99);
      boolean pass = g.errors == 0 && g.dropped == 0 && g.ok > 0 && addedP99 < 5_000;
      md.row(rate, d.p(d.latency, 50) + " / " + d.p(d.latency, 99), n == null ? "n/a" : Md.us(n.p(n.latency, 99)),
          g.p(g.latency, 50) + " / " + g.p(g.latency, 99), Md.signed(addedP99),
          Md.num(g.cpuMicrosPerRequest(), 0), g.errors + g.dropped, pass ? "yes" : "**no**");
      if (!pass) {
        break;
      }
      frontier = rate;
    }
    facts.frontier = frontier;
    sections.put("(c) open-loop rate sweep, non-stream (latency from the intended send time)",
        md + "\nThroughput frontier (highest rate tried with added p99 < 5 ms): "
            + (frontier < 0 ? "below the lowest rate tried" : frontier + " req/s")
            + (frontier == plan.rates().get(plan.rates().size() - 1) ? " (the highest rate tried; not the limit)" : "")
            + ".\n");
  }

  /** (d) streams of n chunks with a gap, at each concurrency: TTFE, inter-event gap, events in = out. */
  void d() {
    StringBuilder out = new StringBuilder();
    for (int c : plan.dConcurrency()) {
      Map<String, RunResult> r = compare("d c=" + c, plan.dRounds(),
          t -> gen.closed(t, plan.dModel(), true, c, plan.dMs()));
      RunResult dir = r.get(stack.direct.name());
      RunResult gw = r.get(stack.gateway.name());
      if (c == plan.dConcurrency().get(plan.dConcurrency().size() - 1)) {
        facts.addedTtftC128P50 = gw.p(gw.ttft, 50) - dir.p(dir.ttft, 50);
        facts.batchedGateway = fraction(gw.batchedTokenGaps, gw.tokenGaps);
        facts.batchedDirect = fraction(dir.batchedTokenGaps, dir.tokenGaps);
        facts.eventsPerStreamDirect = dir.minEvents == dir.maxEvents ? dir.maxEvents : -1;
        facts.eventsPerStreamGateway = gw.minEvents == gw.maxEvents ? gw.maxEvents : -1;
      }
      out.append("c=").append(c).append(":\n\n").append(streamTable(r)).append('\n');
    }
    sections.put("(d) streaming `" + plan.dModel() + "`, closed loop", out
        + "TTFE = time from send to the first complete SSE event; TTFT = time to the first event with answer text "
        + "(the first token); gap = time between consecutive events as the client reads them; \"gaps < 1 ms\" counts "
        + "events that arrived batched with the previous one, over the whole stream and from the first token on. "
        + "The gateway holds the events before the first token (the role chunk) until that token arrives, so it "
        + "can still fall back when a provider opens a stream and then fails before answering; that hold shows "
        + "in TTFE and in the whole-stream batching, not in TTFT.\n");
  }

  /** (e) many streams held open at once through the gateway: its RSS and CPU. */
  void e() {
    Target gw = stack.gateway;
    int n = plan.eStreams();
    long rssBefore = ProcStats.rssKib(gw.pid());
    double cpuBefore = ProcStats.cpuSeconds(gw.pid());
    AtomicLong peak = new AtomicLong(rssBefore);
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        peak.accumulateAndGet(ProcStats.rssKib(gw.pid()), Math::max);
        try {
          Thread.sleep(100);
        } catch (InterruptedException ex) {
          return;
        }
      }
    }, "rss-sampler");
    sampler.setDaemon(true);
    sampler.start();
    log("e: opening %d streams of %s through the gateway", n, plan.eModel());
    RunResult r = gen.closed(gw, plan.eModel(), true, n, 120_000, 1);
    sampler.interrupt();
    r.cpuSeconds = ProcStats.cpuSeconds(gw.pid()) - cpuBefore;
    results.put("e", Map.of(gw.name(), r));
    log("e: %d ok, %d errors, max open %d%s", r.ok, r.errors, r.maxOpen,
        r.firstError == null ? "" : " (" + r.firstError + ")");
    facts.rss1000Kib = gw.hasPid() ? peak.get() : -1;
    facts.heldStreams = r.maxOpen;
    Md md = new Md("streams", "completed", "errors", "max open at once (client)", "TTFE p50 / p99 µs",
        "events/stream", "RSS before", "peak RSS (100 ms samples)", "gateway CPU s", "CPU µs/stream");
    md.row(n, r.ok, r.errors, r.maxOpen, r.p(r.ttfe, 50) + " / " + r.p(r.ttfe, 99), events(r), Md.mib(rssBefore),
        Md.mib(facts.rss1000Kib), Md.num(r.cpuSeconds, 2), Md.num(r.cpuMicrosPerRequest(), 0));
    String note = r.maxOpen < n
        ? "\nAt most " + r.maxOpen + " of the " + n + " streams were open at once (had their first event and had not"
            + " ended): the others waited in a queue (the gateway's upstream pool or the fake), so this measured "
            + r.maxOpen + " held streams, not " + n + ".\n"
        : "";
    sections.put("(e) " + n + " streams `" + plan.eModel() + "` opened at once through the gateway",
        md + note);
  }

  /**
   * (f) the same OpenAI-dialect calls through the same gateway, passthrough to the OpenAI fake and translated to
   * the Anthropic fake (and back), alternating per round: what translation costs in gateway CPU and latency, and
   * that it neither batches nor drops stream events.
   */
  void f() {
    Target pass = stack.gateway;
    Target trans = stack.translated;
    List<Target> paths = List.of(pass, trans);
    // warmUp() only covers stack.targets(): give the translation code the same warm-up before measuring it.
    log("f: warm-up of the translation path, %d ms", plan.warmMs());
    gen.closed(trans, "gpt-4o-mini", false, 8, plan.warmMs() * 2 / 3);
    gen.closed(trans, plan.dModel(), true, 8, plan.warmMs() / 3);

    Map<String, RunResult> unary = compare("f gpt-4o-mini", plan.bRounds(), paths,
        t -> gen.closed(t, "gpt-4o-mini", false, TRANSLATION_CONCURRENCY, plan.bMs()));
    Map<String, RunResult> streams = compare("f " + plan.dModel(), plan.dRounds(), paths,
        t -> gen.closed(t, plan.dModel(), true, TRANSLATION_CONCURRENCY, plan.dMs()));

    RunResult up = unary.get(pass.name());
    RunResult ut = unary.get(trans.name());
    facts.passthroughCpuC32 = up.cpuMicrosPerRequest();
    facts.translatedCpuC32 = ut.cpuMicrosPerRequest();
    facts.translationCpuRatio = facts.translatedCpuC32 / facts.passthroughCpuC32;
    facts.translationErrors = ut.errors + streams.get(trans.name()).errors;

    String c = "c=" + TRANSLATION_CONCURRENCY;
    sections.put("(f) translation path (OpenAI client -> Anthropic fake) next to passthrough",
        "Non-stream `gpt-4o-mini`, " + c + ", closed loop:\n\n" + translationUnaryTable(unary, pass, trans)
            + "\nStreaming `" + plan.dModel() + "`, " + c + ", closed loop:\n\n"
            + translationStreamTable(streams, pass, trans)
            + "\n" + translationEventsNote(streams.get(pass.name()), streams.get(trans.name()))
            + "\nBoth paths are OpenAI chat completions to the same gateway process, alternating per round: "
            + "passthrough asks for `" + pass.modelPrefix() + "<model>` (OpenAI fake), translated for `"
            + trans.modelPrefix() + "<model>` (a provider with `protocol: anthropic` in front of the Anthropic fake, "
            + "so the request becomes Anthropic Messages and the reply or SSE events become OpenAI's again). Gateway "
            + "CPU is the gateway process's utime+stime over each run divided by completed requests"
            + (pass.hasPid() ? "" : " (n/a in-process: the gateway shares this JVM)") + ".\n");
  }

  /** The gateway process over the whole run: startup, GC, memory. */
  String gatewayProcess() {
    Md md = new Md("gateway process", "value");
    md.row("startup to first served request", stack.startupMs + " ms (" + stack.startupNote + ")");
    GcLog.Pauses gc = GcLog.read(stack.gcLog);
    md.row("GC pauses over the whole run", stack.gcLog == null ? "n/a (in-process)"
        : gc.count() + " pauses, " + Md.num(gc.totalMs(), 1) + " ms total, " + Md.num(gc.maxMs(), 2) + " ms max");
    md.row("RSS at the end / peak (VmHWM)", Md.mib(ProcStats.rssKib(stack.gateway.pid())) + " / "
        + Md.mib(ProcStats.peakRssKib(stack.gateway.pid())));
    md.row("CPU seconds over the whole run", Md.num(ProcStats.cpuSeconds(stack.gateway.pid()), 2));
    return md.toString();
  }

  /** Issue 7's targets against what this run measured. */
  String targets() {
    Md md = new Md("target (issue 7)", "measured", "result");
    if (facts.addedC1 != null) {
      md.row("added p50 <= 150 µs, p99 <= 1000 µs at c=1", "+" + facts.addedC1[0] + " / +" + facts.addedC1[1] + " µs",
          verdict(facts.addedC1[0] <= 150 && facts.addedC1[1] <= 1000));
    }
    if (facts.addedC32 != null) {
      md.row("added p50 <= 150 µs, p99 <= 1000 µs at c=32", "+" + facts.addedC32[0] + " / +" + facts.addedC32[1]
          + " µs", verdict(facts.addedC32[0] <= 150 && facts.addedC32[1] <= 1000));
      md.row("CPU per request <= 3x the nginx hop (c=32)", Md.num(facts.gatewayCpuC32, 0) + " vs "
          + Md.num(facts.nginxCpuC32, 0) + " µs/req" + (Double.isNaN(facts.nginxCpuC32) ? ""
          : " (" + Md.num(facts.gatewayCpuC32 / facts.nginxCpuC32, 1) + "x)"),
          Double.isNaN(facts.nginxCpuC32) || Double.isNaN(facts.gatewayCpuC32) ? "n/a"
              : verdict(facts.gatewayCpuC32 <= 3 * facts.nginxCpuC32));
    }
    if (facts.addedTtftC128P50 != Long.MIN_VALUE) {
      boolean noBatching = facts.batchedGateway <= facts.batchedDirect + 0.005;
      boolean sameEvents = facts.eventsPerStreamDirect > 0
          && facts.eventsPerStreamDirect == facts.eventsPerStreamGateway;
      md.row("added TTFT p50 <= 1 ms at c=" + plan.dConcurrency().get(plan.dConcurrency().size() - 1)
              + ", no batching, events in = out",
          Md.signed(facts.addedTtftC128P50) + " µs; gaps < 1 ms from the first token: " + pct(facts.batchedGateway)
              + " vs direct "
              + pct(facts.batchedDirect) + "; events/stream " + facts.eventsPerStreamGateway + " vs "
              + facts.eventsPerStreamDirect,
          verdict(facts.addedTtftC128P50 <= 1000 && noBatching && sameEvents));
    }
    if (facts.rss1000Kib >= 0 || facts.heldStreams > 0) {
      md.row("RSS <= 256 MB with " + plan.eStreams() + " open streams",
          Md.mib(facts.rss1000Kib) + " (max " + facts.heldStreams + " open at once)",
          facts.rss1000Kib < 0 ? "n/a" : verdict(facts.rss1000Kib <= 256 * 1024 && facts.heldStreams >= plan.eStreams()));
    }
    if (facts.translationErrors >= 0) {
      double ratio = facts.translationCpuRatio;
      md.row("translation path within 2x the passthrough's CPU per request (c=" + TRANSLATION_CONCURRENCY
              + ", non-stream)",
          (Double.isNaN(ratio) ? "-" : Md.num(facts.translatedCpuC32, 0) + " vs "
              + Md.num(facts.passthroughCpuC32, 0) + " µs/req (" + Md.num(ratio, 2) + "x)")
              + (facts.translationErrors == 0 ? "" : "; " + facts.translationErrors + " failed when translated"),
          Double.isNaN(ratio) ? (stack.inProcess() ? "n/a (in-process)" : "n/a")
              : verdict(ratio <= 2 && facts.translationErrors == 0));
    }
    md.row("startup <= 1.5 s", stack.startupMs + " ms",
        stack.inProcess() ? "n/a (in-process)" : verdict(stack.startupMs >= 0 && stack.startupMs <= 1500));
    return md.toString();
  }

  // ---- tables

  private String unaryTable(Map<String, RunResult> r) {
    Md md = new Md("target", "requests", "req/s", "p50 µs", "p90 µs", "p99 µs", "max µs", "CPU µs/req of the hop",
        "errors");
    for (RunResult x : r.values()) {
      md.row(x.target, x.ok, Md.num(x.throughput(), 0), x.p(x.latency, 50), x.p(x.latency, 90), x.p(x.latency, 99),
          x.latency.getMaxValue(), Md.num(x.cpuMicrosPerRequest(), 0), x.errors);
    }
    RunResult d = r.get(stack.direct.name());
    for (RunResult x : r.values()) {
      if (x != d) {
        md.row("**added " + x.target.replace("through ", "by ") + "**", "", "",
            Md.signed(x.p(x.latency, 50) - d.p(d.latency, 50)), Md.signed(x.p(x.latency, 90) - d.p(d.latency, 90)),
            Md.signed(x.p(x.latency, 99) - d.p(d.latency, 99)), "", "", "");
      }
    }
    return md.toString();
  }

  private String streamTable(Map<String, RunResult> r) {
    Md md = new Md("target", "streams", "TTFE p50 µs", "TTFT p50 µs", "TTFT p99 µs", "gap p50 µs", "gap p99 µs",
        "gap max µs", "events/stream", "gaps < 1 ms (all / from first token)", "CPU µs/stream of the hop", "errors");
    for (RunResult x : r.values()) {
      md.row(x.target, x.ok, x.p(x.ttfe, 50), x.p(x.ttft, 50), x.p(x.ttft, 99), x.p(x.gap, 50), x.p(x.gap, 99),
          x.gap.getMaxValue(), events(x), pct(fraction(x.batchedGaps, x.gap.getTotalCount())) + " / "
              + pct(fraction(x.batchedTokenGaps, x.tokenGaps)), Md.num(x.cpuMicrosPerRequest(), 0), x.errors);
    }
    RunResult d = r.get(stack.direct.name());
    for (RunResult x : r.values()) {
      if (x != d) {
        md.row("**added " + x.target.replace("through ", "by ") + "**", "",
            Md.signed(x.p(x.ttfe, 50) - d.p(d.ttfe, 50)), Md.signed(x.p(x.ttft, 50) - d.p(d.ttft, 50)),
            Md.signed(x.p(x.ttft, 99) - d.p(d.ttft, 99)),
            Md.signed(x.p(x.gap, 50) - d.p(d.gap, 50)), Md.signed(x.p(x.gap, 99) - d.p(d.gap, 99)), "",
            x.minEvents == d.minEvents && x.maxEvents == d.maxEvents ? "same" : "**differs**", "", "", "");
      }
    }
    return md.toString();
  }

  private static String translationUnaryTable(Map<String, RunResult> r, Target pass, Target trans) {
    Md md = new Md("path", "requests", "req/s", "p50 µs", "p90 µs", "p99 µs", "max µs", "gateway CPU µs/req",
        "errors");
    for (RunResult x : r.values()) {
      md.row(pathLabel(x, pass), x.ok, Md.num(x.throughput(), 0), x.p(x.latency, 50), x.p(x.latency, 90),
          x.p(x.latency, 99), x.latency.getMaxValue(), Md.num(x.cpuMicrosPerRequest(), 0), x.errors);
    }
    RunResult p = r.get(pass.name());
    RunResult t = r.get(trans.name());
    md.row("**added by translation**", "", "", Md.signed(t.p(t.latency, 50) - p.p(p.latency, 50)),
        Md.signed(t.p(t.latency, 90) - p.p(p.latency, 90)), Md.signed(t.p(t.latency, 99) - p.p(p.latency, 99)), "",
        cpuRatio(t, p), "");
    return md.toString();
  }

  private static String translationStreamTable(Map<String, RunResult> r, Target pass, Target trans) {
    Md md = new Md("path", "streams", "TTFE p50 µs", "TTFE p99 µs", "gap p50 µs", "gap p99 µs", "gap max µs",
        "events/stream min / max", "gaps < 1 ms", "gateway CPU µs/stream", "errors");
    for (RunResult x : r.values()) {
      md.row(pathLabel(x, pass), x.ok, x.p(x.ttfe, 50), x.p(x.ttfe, 99), x.p(x.gap, 50), x.p(x.gap, 99),
          x.gap.getMaxValue(), minMaxEvents(x), pct(fraction(x.batchedGaps, x.gap.getTotalCount())),
          Md.num(x.cpuMicrosPerRequest(), 0), x.errors);
    }
    RunResult p = r.get(pass.name());
    RunResult t = r.get(trans.name());
    md.row("**added by translation**", "", Md.signed(t.p(t.ttfe, 50) - p.p(p.ttfe, 50)),
        Md.signed(t.p(t.ttfe, 99) - p.p(p.ttfe, 99)), Md.signed(t.p(t.gap, 50) - p.p(p.gap, 50)),
        Md.signed(t.p(t.gap, 99) - p.p(p.gap, 99)), "", "", "", cpuRatio(t, p), "");
    return md.toString();
  }

  /**
   * Whether translation kept every event apart and complete: the gateway writes one OpenAI chunk per Anthropic text
   * delta, so each translated stream has as many events as a passthrough one and no more of them arrive batched.
   */
  private static String translationEventsNote(RunResult pass, RunResult trans) {
    boolean same = trans.ok > 0 && trans.minEvents == trans.maxEvents && pass.minEvents == pass.maxEvents
        && trans.maxEvents == pass.maxEvents;
    double batchedPass = fraction(pass.batchedGaps, pass.gap.getTotalCount());
    double batchedTrans = fraction(trans.batchedGaps, trans.gap.getTotalCount());
    boolean notBatched = !(batchedTrans > batchedPass + 0.005);
    return "Events per stream (min / max): passthrough " + minMaxEvents(pass) + ", translated " + minMaxEvents(trans)
        + (same ? ", the same in every stream" : " (**differs**: translation dropped, added or merged events)")
        + "; gaps < 1 ms " + pct(batchedTrans) + " translated vs " + pct(batchedPass) + " passthrough"
        + (notBatched ? "" : " (**translation batches events**)") + ". The Anthropic fake pauses `gap-<ms>` before "
        + "each of its events, also those without an OpenAI chunk of their own (`content_block_start`, "
        + "`content_block_stop`, `message_stop`), so translated TTFE and stream times carry a few upstream gaps "
        + "that are not the gateway's.\n";
  }

  private static String pathLabel(RunResult x, Target pass) {
    return x.target.equals(pass.name()) ? "passthrough (" + pass.modelPrefix() + "...)" : "translated ("
        + Stack.TRANSLATED_PROVIDER + "/...)";
  }

  private static String cpuRatio(RunResult translated, RunResult passthrough) {
    double ratio = translated.cpuMicrosPerRequest() / passthrough.cpuMicrosPerRequest();
    return Double.isNaN(ratio) ? "n/a" : Md.num(ratio, 2) + "x";
  }

  private static String minMaxEvents(RunResult x) {
    return x.ok + x.errors == 0 ? "-" : x.minEvents + " / " + x.maxEvents;
  }

  private long[] added(Map<String, RunResult> r) {
    RunResult d = r.get(stack.direct.name());
    RunResult g = r.get(stack.gateway.name());
    return new long[] {g.p(g.latency, 50) - d.p(d.latency, 50), g.p(g.latency, 99) - d.p(d.latency, 99)};
  }

  private static String events(RunResult x) {
    if (x.ok + x.errors == 0) {
      return "-";
    }
    return x.minEvents == x.maxEvents ? Long.toString(x.maxEvents) : x.minEvents + "-" + x.maxEvents;
  }

  private static double fraction(long part, long whole) {
    return whole == 0 ? Double.NaN : (double) part / whole;
  }

  private static String pct(double f) {
    return Double.isNaN(f) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", f * 100);
  }

  private static String verdict(boolean met) {
    return met ? "met" : "**missed**";
  }

  static List<String> allScenarios() {
    return new ArrayList<>(List.of("a", "b", "c", "d", "e", "f"));
  }
}
