package dev.sluice.core.dialect.responses;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * One output item while it streams: where it sits ({@code output_index}), its id, and what has arrived so
 * far. Mutable; owned by one {@link ResponsesStreamEncoder}.
 */
final class StreamItem {
  enum Kind { MESSAGE, REASONING, FUNCTION_CALL }

  final Kind kind;
  final int outputIndex;
  final String id;
  /** Message text, reasoning text or call arguments. */
  final StringBuilder text = new StringBuilder();
  String callId;
  String name;
  StringBuilder signature;
  StringBuilder redacted;
  /** A reasoning item's summary part was announced ({@code reasoning_summary_part.added}). */
  boolean summaryOpen;
  boolean done;

  StreamItem(Kind kind, int outputIndex, String id) {
    this.kind = kind;
    this.outputIndex = outputIndex;
    this.id = id;
  }

  /** The item as it stands, for {@code output_item.done} and the final response's {@code output}. */
  OutputItem snapshot(String status) {
    return switch (kind) {
      case MESSAGE -> new OutputItem.Message(id, status, text.toString());
      case REASONING -> new OutputItem.Reasoning(id, status, text.toString(), EncryptedReasoning.encode(
          signature == null ? null : signature.toString(), redacted == null ? null : redacted.toString()));
      case FUNCTION_CALL -> new OutputItem.FunctionCall(id, status, text.toString(), callId, name);
    };
  }

  /** {@code item_id}, {@code output_index} and {@code content_index} of a message's only text part. */
  void writeTextPosition(JsonGenerator g) throws IOException {
    g.writeStringField("item_id", id);
    g.writeNumberField("output_index", outputIndex);
    g.writeNumberField("content_index", 0);
  }

  /** {@code item_id}, {@code output_index} and {@code summary_index} of a reasoning item's only summary part. */
  void writeSummaryPosition(JsonGenerator g) throws IOException {
    g.writeStringField("item_id", id);
    g.writeNumberField("output_index", outputIndex);
    g.writeNumberField("summary_index", 0);
  }

  /** {@code item_id} and {@code output_index}, as function call argument events carry them. */
  void writeItemPosition(JsonGenerator g) throws IOException {
    g.writeStringField("item_id", id);
    g.writeNumberField("output_index", outputIndex);
  }
}
