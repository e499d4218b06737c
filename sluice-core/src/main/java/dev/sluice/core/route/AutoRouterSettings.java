package dev.sluice.core.route;

import java.util.List;

/**
 * The auto router ({@code sluice/auto}, alias {@code auto}): rules in order, a default model, and a cost
 * ceiling.
 *
 * @param maxPrice skip rules whose model's list price is above this on either side (input or output,
 *     micro-dollars per million tokens), or null for no ceiling
 */
public record AutoRouterSettings(List<AutoRule> rules, String defaultModel, ProviderPreferences.MaxPrice maxPrice) {
  public AutoRouterSettings {
    rules = List.copyOf(rules);
  }
}
