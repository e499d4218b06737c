package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.route.AutoRouterSettings;
import dev.sluice.core.route.AutoRule;
import dev.sluice.core.route.Capabilities;
import dev.sluice.core.route.Strategy;
import dev.sluice.server.config.ModelAlias;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Weighted load balancing honours weights; the auto router picks per rule and explains itself. */
class WeightsAndAutoRouterTest {
  private static TwoProviders gw;

  @BeforeAll
  static void start() {
    ModelAlias weighted = new ModelAlias("split", Strategy.WEIGHTED, List.of(
        new ModelAlias.Deployment("primary/gpt-4o-mini", 3, 0, null, Capabilities.ALL, false, null, null, null),
        new ModelAlias.Deployment("secondary/gpt-4o-mini", 1, 0, null, Capabilities.ALL, false, null, null, null)),
        List.of(), false);
    AutoRouterSettings auto = new AutoRouterSettings(List.of(
        new AutoRule("coding", null, null, true, null, null, null, List.of(), "secondary/gpt-4o-mini"),
        new AutoRule("cjk", null, null, null, null, null, null, List.of("cjk"), "secondary/echo")),
        "primary/gpt-4o-mini", null);
    gw = new TwoProviders(List.of(weighted), TwoProviders.fastRouting(0).withAuto(auto));
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static HttpResponse<String> chat(String model, String content) {
    return Http.post(gw.chatUrl(), gw.key, "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"" + content + "\"}]}");
  }

  @Test
  void weightsAreHonouredWithinAStatisticalBound() {
    int toPrimary = 0;
    int n = 400;
    for (int i = 0; i < n; i++) {
      if ("primary".equals(chat("split", "hi").headers().firstValue("x-sluice-provider").orElse(""))) {
        toPrimary++;
      }
    }
    // 3:1 weights: expected 300 of 400, standard deviation ~8.7; 6 sigma either side.
    assertThat(toPrimary).isBetween(248, 352);
  }

  @Test
  void theAutoRouterPicksByRuleAndExplainsWhy() {
    HttpResponse<String> code = chat("sluice/auto", "Fix this:\\n```java\\nint x = 1;\\n```");
    assertThat(code.statusCode()).isEqualTo(200);
    assertThat(code.headers().firstValue("x-sluice-model")).hasValue("secondary/gpt-4o-mini");
    assertThat(code.headers().firstValue("x-sluice-route").orElseThrow()).contains("coding");

    HttpResponse<String> japanese = chat("auto", "\u65e5\u672c\u8a9e\u3067\u7b54\u3048\u3066\u304f\u3060\u3055\u3044");
    assertThat(japanese.headers().firstValue("x-sluice-model")).hasValue("secondary/echo");

    HttpResponse<String> plain = chat("auto", "What is the capital of France?");
    assertThat(plain.headers().firstValue("x-sluice-model")).hasValue("primary/gpt-4o-mini");
    assertThat(plain.headers().firstValue("x-sluice-route").orElseThrow()).contains("default");
  }
}
