package dev.sluice.core.canonical;

import dev.sluice.core.model.Usage;

/**
 * The canonical stream: what a provider stream decoder emits and a dialect stream encoder consumes.
 *
 * <p>Grammar: {@link Start} first; then any number of {@link TextDelta}, {@link ReasoningDelta},
 * {@link ToolCallStart} / {@link ToolCallDelta} / {@link ToolCallEnd} (a tool call's deltas come after its
 * start and before its end; calls are numbered by {@code index} from 0 in order of their start);
 * then {@link Finish}; {@link UsageReport} may come any time (cumulative: the last one wins); {@link End}
 * when the provider's stream ended properly. {@link Error} is an in-band failure: nothing but {@link End}
 * may follow. A stream that stops without {@link End} was cut.
 */
public sealed interface StreamEvent {
  /** The answer starts. {@code id} and {@code model} as the provider gave them (may be null). */
  record Start(String id, String model) implements StreamEvent {}

  record TextDelta(String text) implements StreamEvent {}

  /** Reasoning text, or its signature (sent once, usually at the end of the reasoning), or redacted data. */
  record ReasoningDelta(String text, String signature, String redacted) implements StreamEvent {
    public static ReasoningDelta text(String text) {
      return new ReasoningDelta(text, null, null);
    }
  }

  record ToolCallStart(int index, String id, String name) implements StreamEvent {}

  /** A fragment of the call's JSON arguments; fragments concatenate to the whole arguments object. */
  record ToolCallDelta(int index, String argumentsFragment) implements StreamEvent {}

  record ToolCallEnd(int index) implements StreamEvent {}

  record Finish(FinishReason reason, String stopSequence) implements StreamEvent {}

  /** Token counts so far (cumulative); the last report is the total. */
  record UsageReport(Usage usage) implements StreamEvent {}

  /** An error the provider reported inside the stream ({@code type} in the provider's words, may be null). */
  record Error(String type, String message) implements StreamEvent {}

  /** The provider's stream ended properly ({@code [DONE]}, {@code message_stop}, end of body after the finish). */
  record End() implements StreamEvent {}

  End END = new End();
}
