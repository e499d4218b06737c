package dev.sluice.core.canonical;

/**
 * Why generation stopped, mapped once per codec: OpenAI {@code stop/length/tool_calls/content_filter},
 * Anthropic {@code end_turn/stop_sequence/max_tokens/tool_use/refusal/pause_turn}, Gemini
 * {@code STOP/MAX_TOKENS/SAFETY/...}, Bedrock {@code end_turn/tool_use/max_tokens/stop_sequence/...}, Cohere
 * {@code COMPLETE/STOP_SEQUENCE/MAX_TOKENS/TOOL_CALL/ERROR}.
 */
public enum FinishReason {
  /** Natural end of the answer. */
  STOP,
  /** A caller-given stop sequence matched ({@link ChatResponse#stopSequence()} says which, when known). */
  STOP_SEQUENCE,
  /** The output token limit was reached. */
  LENGTH,
  /** The model called tools and waits for their results. */
  TOOL_CALLS,
  /** A safety or content filter stopped the answer. */
  CONTENT_FILTER,
  /** The provider reported an error as the finish reason. */
  ERROR,
  /** Anything else the provider said. */
  OTHER
}
