package dev.sluice.core.route;

import java.util.List;

/**
 * One auto-router rule: when every condition that is set holds for the prompt, route to {@code model}.
 * Unset (null or empty) conditions match anything. Rules are tried in order; the first match wins.
 *
 * @param scripts writing systems of the prompt's text, e.g. ["cjk"], ["cyrillic", "latin"]; see
 *     {@link PromptFeatures#script()}
 */
public record AutoRule(
    String name,
    Long minPromptTokens,
    Long maxPromptTokens,
    Boolean code,
    Boolean images,
    Boolean tools,
    Boolean reasoning,
    List<String> scripts,
    String model) {

  public AutoRule {
    scripts = scripts == null ? List.of() : List.copyOf(scripts);
  }
}
