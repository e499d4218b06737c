package dev.sluice.core.provider.bedrock;

import dev.sluice.core.canonical.FinishReason;

/** Converse {@code stopReason} values (API_runtime_ConverseResponse) to canonical finish reasons. */
final class BedrockStopReasons {
  private BedrockStopReasons() {}

  /**
   * {@code model_context_window_exceeded} maps to {@link FinishReason#LENGTH}: the answer was cut because the
   * window filled up, which callers handle like hitting max tokens (OpenAI reports {@code length} for both).
   * A {@code tool_use} stop whose only call was the JSON-output tool is a plain {@link FinishReason#STOP}.
   */
  static FinishReason toFinishReason(String stopReason, boolean onlyJsonOutputTool) {
    if (stopReason == null) {
      return FinishReason.OTHER;
    }
    return switch (stopReason) {
      case "end_turn" -> FinishReason.STOP;
      case "tool_use" -> onlyJsonOutputTool ? FinishReason.STOP : FinishReason.TOOL_CALLS;
      case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
      case "stop_sequence" -> FinishReason.STOP_SEQUENCE;
      case "guardrail_intervened", "content_filtered" -> FinishReason.CONTENT_FILTER;
      default -> FinishReason.OTHER;
    };
  }
}
