package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testkit.FakeAnthropicProvider;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The benchmark harness works end to end: scenario (a), a short (d) and a short (f) (passthrough next to the
 * translation path to the Anthropic fake) against the fakes and an in-process gateway (surefire runs before any
 * jar exists, so no processes here). Sanity only, never speed.
 */
class BenchSmokeTest {
  @Test
  void serialAndStreamingScenariosMeasureBothPaths() throws Exception {
    Plan plan = Plan.tiny();
    Stack stack = Stack.inProcess(plan.models());
    Vertx vertx = Vertx.vertx();
    try (stack; LoadGen gen = new LoadGen(vertx)) {
      Scenarios s = new Scenarios(stack, gen, plan);
      String report = BenchMain.run(s, List.of("a", "d", "f"));

      Map<String, RunResult> a = s.results.get("a");
      assertThat(a).containsOnlyKeys(stack.direct.name(), stack.gateway.name());
      for (RunResult r : a.values()) {
        assertThat(r.errors).as(r.target + ": " + r.firstError).isZero();
        assertThat(r.ok).isPositive();
        assertThat(r.latency.getTotalCount()).isEqualTo(r.ok);
        assertThat(r.p(r.latency, 50)).isPositive();
      }

      Map<String, RunResult> d = s.results.get("d c=4");
      if (d.values().stream().anyMatch(r -> r.minEvents != r.maxEvents)) {
        // Seen about once in fifteen loaded runs, on the direct path too (no gateway involved): one stream counted
        // one event fewer by the load generator. The likely cause, a request started off the event loop whose
        // handlers were set after the first bytes came, is fixed in LoadGen; until runs show it gone, (d) is
        // repeated once so a harness miscount does not fail CI, while a gateway that drops events fails both runs.
        d.values().forEach(r -> System.err.printf("bench smoke: %s events per stream %d..%d; repeating (d)%n",
            r.target, r.minEvents, r.maxEvents));
        s.d();
        d = s.results.get("d c=4");
      }
      RunResult direct = d.get(stack.direct.name());
      RunResult viaGateway = d.get(stack.gateway.name());
      for (RunResult r : d.values()) {
        assertThat(r.errors).as(r.target + ": " + r.firstError).isZero();
        assertThat(r.ok).isPositive();
        assertThat(r.ttfe.getTotalCount()).isEqualTo(r.ok);
        assertThat(r.p(r.ttfe, 50)).isPositive();
        // Every stream carries text, so every one has a first token, never before its first event.
        assertThat(r.ttft.getTotalCount()).as(r.target + ": streams with a first token").isEqualTo(r.ok);
        assertThat(r.p(r.ttft, 50)).isGreaterThanOrEqualTo(r.p(r.ttfe, 50));
        assertThat(r.tokenGaps).isPositive().isLessThan(r.gap.getTotalCount());
        assertThat(r.gap.getTotalCount()).isEqualTo(r.events - r.ok);
        // One run in about fifteen (under the full suite's load) saw one stream with one event fewer than the
        // others on one path; the message names the path so the next occurrence says where.
        assertThat(r.minEvents).as(r.target + ": events per stream, min vs max over " + r.ok + " streams")
            .isEqualTo(r.maxEvents);
      }
      // chunks-5: role chunk, 5 pieces, finish chunk, usage chunk?, [DONE]: whatever the fake sends, the gateway
      // passes the same number of events.
      assertThat(direct.maxEvents).isGreaterThanOrEqualTo(7);
      assertThat(viaGateway.maxEvents).isEqualTo(direct.maxEvents);

      Map<String, RunResult> fUnary = s.results.get("f gpt-4o-mini");
      Map<String, RunResult> fStreams = s.results.get("f " + plan.dModel());
      assertThat(fUnary).containsOnlyKeys(stack.gateway.name(), stack.translated.name());
      assertThat(fStreams).containsOnlyKeys(stack.gateway.name(), stack.translated.name());
      for (RunResult r : fUnary.values()) {
        assertThat(r.errors).as(r.target + ": " + r.firstError).isZero();
        assertThat(r.ok).isPositive();
        assertThat(r.p(r.latency, 50)).isPositive();
      }
      for (RunResult r : fStreams.values()) {
        assertThat(r.errors).as(r.target + ": " + r.firstError).isZero();
        assertThat(r.ok).isPositive();
        assertThat(r.ttfe.getTotalCount()).isEqualTo(r.ok);
        assertThat(r.gap.getTotalCount()).isEqualTo(r.events - r.ok);
        assertThat(r.minEvents).as(r.target + ": every stream has the same number of events").isEqualTo(r.maxEvents);
      }
      // The translated calls really went to the Anthropic fake (warm-up included, hence at least).
      RunResult translated = fStreams.get(stack.translated.name());
      FakeAnthropicProvider anthropic = stack.inProcessAnthropicFake();
      assertThat(anthropic.requestCount("gpt-4o-mini"))
          .isGreaterThanOrEqualTo((int) fUnary.get(stack.translated.name()).ok);
      assertThat(anthropic.requestCount(plan.dModel())).isGreaterThanOrEqualTo((int) translated.ok);
      // Translation neither drops nor merges events: as many per stream as passthrough (5 pieces, role, finish, ...).
      assertThat(translated.maxEvents).isGreaterThanOrEqualTo(7);
      assertThat(translated.maxEvents).isEqualTo(fStreams.get(stack.gateway.name()).maxEvents);

      String f = report.substring(report.indexOf("### (f) translation path"));
      f = f.substring(0, f.indexOf("\n### ", 1));
      assertThat(f).doesNotContain("needs issue 4").contains("passthrough (fake/...)", "translated (anth/...)",
          "**added by translation**", "Events per stream (min / max): passthrough " + translated.maxEvents + " / "
              + translated.maxEvents + ", translated " + translated.maxEvents + " / " + translated.maxEvents
              + ", the same in every stream");
      assertThat(report).contains("(a) serial", "(d) streaming", "added by the gateway", "### Targets",
          "translation path within 2x the passthrough's CPU per request");
    } finally {
      vertx.close().await();
      BenchMain.deleteTree(stack.dir); // after close: the gateway's database lives there
    }
  }
}
