package dev.sluice.core.provider.openai;

import dev.sluice.core.canonical.FinishReason;

/**
 * OpenAI's {@code finish_reason} → {@link FinishReason}. OpenAI sends {@code stop}, {@code length},
 * {@code tool_calls}, {@code content_filter} and, for the legacy functions API, {@code function_call};
 * compatible hosts add a few of their own ({@code eos} from older TGI builds, {@code error} from vLLM).
 */
final class OpenAiChatCodecFinishReasons {
  private OpenAiChatCodecFinishReasons() {}

  /**
   * The canonical reason; null stays null (not said). Some compatible hosts (Ollama, older vLLM) say
   * {@code stop} when the answer is tool calls, so a stop with calls counts as {@link FinishReason#TOOL_CALLS}.
   */
  static FinishReason toFinishReason(String reason, boolean hasToolCalls) {
    if (reason == null) {
      return null;
    }
    return switch (reason) {
      case "stop", "eos" -> hasToolCalls ? FinishReason.TOOL_CALLS : FinishReason.STOP;
      case "length" -> FinishReason.LENGTH;
      case "tool_calls", "function_call" -> FinishReason.TOOL_CALLS;
      case "content_filter" -> FinishReason.CONTENT_FILTER;
      case "error" -> FinishReason.ERROR;
      default -> FinishReason.OTHER;
    };
  }
}
