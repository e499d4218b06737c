package dev.sluice.core.canonical;

/**
 * Whether and which tool the model must call: OpenAI {@code auto | none | required | {function}}, Anthropic
 * {@code auto | none | any | tool}, Gemini {@code AUTO | NONE | ANY (+allowedFunctionNames)}.
 */
public sealed interface ToolChoice {
  record Auto() implements ToolChoice {}

  record None() implements ToolChoice {}

  /** Some tool must be called (OpenAI {@code required}, Anthropic {@code any}). */
  record Required() implements ToolChoice {}

  /** This tool must be called. */
  record Named(String name) implements ToolChoice {}

  ToolChoice AUTO = new Auto();
  ToolChoice NONE = new None();
  ToolChoice REQUIRED = new Required();
}
