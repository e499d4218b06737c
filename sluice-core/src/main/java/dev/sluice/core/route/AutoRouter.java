package dev.sluice.core.route;

import dev.sluice.core.price.Price;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The auto router behind {@code sluice/auto}: the first rule whose conditions all hold and whose model fits
 * the cost ceiling picks the model; otherwise the default does. Offline and deterministic (same features,
 * same choice), and it explains itself for the {@code x-sluice-route} header, e.g.
 * {@code auto: tokens=1234 code=true images=false tools=false reasoning=false script=latin; rule "coding"
 * -> openai/gpt-4.1; skipped "premium" (price above ceiling)}.
 *
 * <p>A rule whose model has no known price is skipped when a ceiling is set: unknown is never assumed cheap.
 * The default model is not checked against the ceiling; it is the operator's answer of last resort.
 */
public final class AutoRouter {
  public static final Set<String> NAMES = Set.of("sluice/auto", "auto");

  private final AutoRouterSettings settings;
  private final Function<String, Optional<Price>> priceOfModel;

  public AutoRouter(AutoRouterSettings settings, Function<String, Optional<Price>> priceOfModel) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.priceOfModel = Objects.requireNonNull(priceOfModel, "priceOfModel");
    Objects.requireNonNull(settings.defaultModel(), "auto router default model");
  }

  public AutoChoice choose(PromptFeatures f) {
    List<String> skipped = new ArrayList<>();
    for (AutoRule rule : settings.rules()) {
      if (!matches(rule, f)) {
        continue;
      }
      String overCeiling = ceilingReason(rule.model());
      if (overCeiling != null) {
        skipped.add("\"" + rule.name() + "\" (" + overCeiling + ")");
        continue;
      }
      return new AutoChoice(rule.model(), rule.name(),
          explain(f, "rule \"" + rule.name() + "\" -> " + rule.model(), skipped));
    }
    return new AutoChoice(settings.defaultModel(), "default",
        explain(f, "default -> " + settings.defaultModel(), skipped));
  }

  /** Every condition the rule sets holds; unset (null or empty) ones match anything. */
  static boolean matches(AutoRule rule, PromptFeatures f) {
    return (rule.minPromptTokens() == null || f.promptTokens() >= rule.minPromptTokens())
        && (rule.maxPromptTokens() == null || f.promptTokens() <= rule.maxPromptTokens())
        && (rule.code() == null || rule.code() == f.code())
        && (rule.images() == null || rule.images() == f.images())
        && (rule.tools() == null || rule.tools() == f.tools())
        && (rule.reasoning() == null || rule.reasoning() == f.reasoning())
        && (rule.scripts().isEmpty() || rule.scripts().contains(f.script()));
  }

  private String ceilingReason(String model) {
    if (!Eligibility.hasCeiling(settings.maxPrice())) {
      return null;
    }
    Optional<Price> price = priceOfModel.apply(model);
    if (price.isEmpty()) {
      return "unknown price, ceiling set";
    }
    return Eligibility.aboveCeiling(price.get(), settings.maxPrice()) ? "price above ceiling" : null;
  }

  private static String explain(PromptFeatures f, String choice, List<String> skipped) {
    StringBuilder out = new StringBuilder("auto: tokens=").append(f.promptTokens())
        .append(" code=").append(f.code())
        .append(" images=").append(f.images())
        .append(" tools=").append(f.tools())
        .append(" reasoning=").append(f.reasoning())
        .append(" script=").append(f.script())
        .append("; ").append(choice);
    for (String s : skipped) {
      out.append("; skipped ").append(s);
    }
    return out.toString();
  }
}
