package dev.sluice.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cycle finding over alias fallbacks, apart from YAML. */
class AliasCyclesTest {

  private static Map<String, List<String>> graph(String... entries) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String e : entries) {
      String[] parts = e.split(":", -1);
      out.put(parts[0], parts[1].isEmpty() ? List.of() : List.of(parts[1].split(",")));
    }
    return out;
  }

  @Test
  void noCycles() {
    assertThat(AliasCycles.find(graph())).isEmpty();
    assertThat(AliasCycles.find(graph("a:b,openai/x", "b:c", "c:", "d:a,c"))).isEmpty();
  }

  @Test
  void cyclesAreClosedAndStartAtTheFirstMemberInFileOrder() {
    assertThat(AliasCycles.find(graph("a:a"))).containsExactly(List.of("a", "a"));
    assertThat(AliasCycles.find(graph("smart:cheap", "cheap:smart"))).containsExactly(
        List.of("smart", "cheap", "smart"));
    assertThat(AliasCycles.find(graph("w:z", "x:y", "y:z", "z:x"))).containsExactly(List.of("x", "y", "z", "x"));
  }

  @Test
  void separateCyclesAreEachReported() {
    assertThat(AliasCycles.find(graph("a:b", "b:a", "c:d", "d:c,a"))).containsExactly(
        List.of("a", "b", "a"), List.of("c", "d", "c"));
  }

  @Test
  void longChainsDoNotBlowUp() {
    Map<String, List<String>> chain = new LinkedHashMap<>();
    for (int i = 0; i < 2000; i++) {
      chain.put("m" + i, List.of("m" + (i + 1), "m" + Math.max(0, i - 1)));
    }
    chain.put("m2000", List.of());
    assertThat(AliasCycles.find(chain)).hasSize(2000)
        .allSatisfy(c -> assertThat(c.get(0)).isEqualTo(c.get(c.size() - 1)));
  }
}
