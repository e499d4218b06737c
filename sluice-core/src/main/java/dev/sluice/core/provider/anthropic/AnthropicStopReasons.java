package dev.sluice.core.provider.anthropic;

import dev.sluice.core.canonical.FinishReason;

/**
 * Anthropic {@code stop_reason} to canonical {@link FinishReason} and back (Messages API reference, "Stop
 * reasons"): {@code end_turn}, {@code stop_sequence}, {@code max_tokens}, {@code tool_use}, {@code refusal};
 * anything newer ({@code pause_turn}, {@code model_context_window_exceeded}, ...) is {@link FinishReason#OTHER}.
 */
public final class AnthropicStopReasons {
  private AnthropicStopReasons() {}

  /** The canonical reason, or null when Anthropic sent none. */
  public static FinishReason toFinishReason(String stopReason) {
    if (stopReason == null) {
      return null;
    }
    return switch (stopReason) {
      case "end_turn" -> FinishReason.STOP;
      case "stop_sequence" -> FinishReason.STOP_SEQUENCE;
      case "max_tokens" -> FinishReason.LENGTH;
      case "tool_use" -> FinishReason.TOOL_CALLS;
      case "refusal" -> FinishReason.CONTENT_FILTER;
      default -> FinishReason.OTHER;
    };
  }

  /**
   * The Anthropic word for a canonical reason. An unknown reason (null, a provider error, anything else)
   * reads as {@code end_turn}: Anthropic clients know no other word for "it stopped".
   */
  public static String toStopReason(FinishReason reason) {
    if (reason == null) {
      return "end_turn";
    }
    return switch (reason) {
      case STOP, ERROR, OTHER -> "end_turn";
      case STOP_SEQUENCE -> "stop_sequence";
      case LENGTH -> "max_tokens";
      case TOOL_CALLS -> "tool_use";
      case CONTENT_FILTER -> "refusal";
    };
  }
}
