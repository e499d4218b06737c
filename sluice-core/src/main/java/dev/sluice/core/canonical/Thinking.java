package dev.sluice.core.canonical;

/**
 * Extended reasoning asked for: Anthropic {@code thinking: {type: enabled, budget_tokens}}, OpenAI
 * {@code reasoning_effort}, Gemini {@code thinkingConfig}, Bedrock {@code reasoningConfig}.
 *
 * @param budgetTokens the token budget, or null when only an effort was given
 * @param effort {@code minimal | low | medium | high}, or null when only a budget was given
 */
public record Thinking(Integer budgetTokens, String effort) {
  /** A budget for an effort level, for providers that take only a budget. */
  public int budgetOr(int fallback) {
    if (budgetTokens != null) {
      return budgetTokens;
    }
    if (effort == null) {
      return fallback;
    }
    return switch (effort) {
      case "minimal" -> 1024;
      case "low" -> 2048;
      case "high" -> 16_384;
      default -> 8192;
    };
  }

  /** An effort level for a budget, for providers that take only an effort. */
  public String effortOr(String fallback) {
    if (effort != null) {
      return effort;
    }
    if (budgetTokens == null) {
      return fallback;
    }
    return budgetTokens <= 1024 ? "low" : budgetTokens <= 8192 ? "medium" : "high";
  }
}
