package dev.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The benchmark harness works end to end: scenario (a) and a short (d) against the fake and an in-process
 * gateway (surefire runs before any jar exists, so no processes here). Sanity only, never speed.
 */
class BenchSmokeTest {
  @Test
  void serialAndStreamingScenariosMeasureBothPaths() throws Exception {
    Plan plan = Plan.tiny();
    Vertx vertx = Vertx.vertx();
    try (Stack stack = Stack.inProcess(plan.models()); LoadGen gen = new LoadGen(vertx)) {
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
      RunResult direct = d.get(stack.direct.name());
      RunResult viaGateway = d.get(stack.gateway.name());
      for (RunResult r : d.values()) {
        assertThat(r.errors).as(r.target + ": " + r.firstError).isZero();
        assertThat(r.ok).isPositive();
        assertThat(r.ttfe.getTotalCount()).isEqualTo(r.ok);
        assertThat(r.p(r.ttfe, 50)).isPositive();
        assertThat(r.gap.getTotalCount()).isEqualTo(r.events - r.ok);
        assertThat(r.minEvents).isEqualTo(r.maxEvents);
      }
      // chunks-5: role chunk, 5 pieces, finish chunk, usage chunk?, [DONE]: whatever the fake sends, the gateway
      // passes the same number of events.
      assertThat(direct.maxEvents).isGreaterThanOrEqualTo(7);
      assertThat(viaGateway.maxEvents).isEqualTo(direct.maxEvents);

      assertThat(report).contains("(a) serial", "(d) streaming", "added by the gateway", "n/a (needs issue 4)",
          "### Targets");
    } finally {
      vertx.close().await();
    }
  }
}
