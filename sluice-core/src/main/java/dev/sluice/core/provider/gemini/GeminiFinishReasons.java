package dev.sluice.core.provider.gemini;

import dev.sluice.core.canonical.FinishReason;

/**
 * Gemini {@code Candidate.finishReason} → canonical (ai.google.dev/api/generate-content#FinishReason).
 * Gemini ends a function-calling turn with {@code STOP}, like a text answer, so clients tell tool use from the
 * {@code functionCall} parts: {@code STOP} becomes {@link FinishReason#TOOL_CALLS} when the answer has any.
 */
final class GeminiFinishReasons {
  private GeminiFinishReasons() {}

  static FinishReason toFinishReason(String raw, boolean hasToolCalls) {
    if (raw == null) {
      return null;
    }
    return switch (raw) {
      case "STOP" -> hasToolCalls ? FinishReason.TOOL_CALLS : FinishReason.STOP;
      case "MAX_TOKENS" -> FinishReason.LENGTH;
      case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY",
          "IMAGE_PROHIBITED_CONTENT" -> FinishReason.CONTENT_FILTER;
      default -> FinishReason.OTHER; // LANGUAGE, MALFORMED_FUNCTION_CALL, OTHER, FINISH_REASON_UNSPECIFIED, new ones
    };
  }
}
