package dev.sluice.core.provider.cohere;

import dev.sluice.core.canonical.FinishReason;

/**
 * Cohere v2 {@code finish_reason} to canonical. The documented values are {@code COMPLETE},
 * {@code STOP_SEQUENCE}, {@code MAX_TOKENS}, {@code TOOL_CALL} and {@code ERROR}; the SDKs also list
 * {@code TIMEOUT}, which (like any value added later) becomes {@link FinishReason#OTHER}.
 */
final class CohereFinishReasons {
  /** The value Cohere sends when generation failed; the stream decoder turns it into an in-band error. */
  static final String ERROR = "ERROR";

  private CohereFinishReasons() {}

  /** Null when Cohere did not say. */
  static FinishReason toFinishReason(String cohere) {
    if (cohere == null) {
      return null;
    }
    return switch (cohere) {
      case "COMPLETE" -> FinishReason.STOP;
      case "STOP_SEQUENCE" -> FinishReason.STOP_SEQUENCE;
      case "MAX_TOKENS" -> FinishReason.LENGTH;
      case "TOOL_CALL" -> FinishReason.TOOL_CALLS;
      case ERROR -> FinishReason.ERROR;
      default -> FinishReason.OTHER;
    };
  }
}
