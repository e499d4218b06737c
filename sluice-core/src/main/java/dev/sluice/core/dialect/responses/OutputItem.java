package dev.sluice.core.dialect.responses;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * One item of a response's {@code output}, written with the members and member order of OpenAI's own
 * ({@code wire/openai/responses.json}, {@code responses-stream-text.sse}). The same records serve the whole
 * response and the stream's {@code output_item.added} / {@code .done} snapshots.
 */
sealed interface OutputItem {
  String IN_PROGRESS = "in_progress";
  String COMPLETED = "completed";
  String INCOMPLETE = "incomplete";

  String id();

  void write(JsonGenerator g) throws IOException;

  /**
   * An assistant message; {@code text} null writes {@code content: []} (the stream's first snapshot), else
   * one {@code output_text} part.
   */
  record Message(String id, String status, String text) implements OutputItem {
    @Override
    public void write(JsonGenerator g) throws IOException {
      g.writeStartObject();
      g.writeStringField("id", id);
      g.writeStringField("type", "message");
      g.writeStringField("status", status);
      g.writeArrayFieldStart("content");
      if (text != null) {
        writeOutputText(g, text);
      }
      g.writeEndArray();
      g.writeStringField("role", "assistant");
      g.writeEndObject();
    }

    /** {@code {"type":"output_text","annotations":[],"logprobs":[],"text":...}} */
    static void writeOutputText(JsonGenerator g, String text) throws IOException {
      g.writeStartObject();
      g.writeStringField("type", "output_text");
      g.writeArrayFieldStart("annotations");
      g.writeEndArray();
      g.writeArrayFieldStart("logprobs");
      g.writeEndArray();
      g.writeStringField("text", text);
      g.writeEndObject();
    }
  }

  /** A function call; {@code id} is ours ({@code fc_...}), {@code callId} the provider's call id. */
  record FunctionCall(String id, String status, String arguments, String callId, String name) implements OutputItem {
    @Override
    public void write(JsonGenerator g) throws IOException {
      g.writeStartObject();
      g.writeStringField("id", id);
      g.writeStringField("type", "function_call");
      g.writeStringField("status", status);
      g.writeStringField("arguments", arguments);
      g.writeStringField("call_id", callId);
      g.writeStringField("name", name);
      g.writeEndObject();
    }
  }

  /**
   * Reasoning: its text as one {@code summary_text} part ({@code summary: []} when there is none) and the
   * opaque data as {@code encrypted_content} ({@link EncryptedReasoning}), omitted when there is none.
   */
  record Reasoning(String id, String status, String text, String encryptedContent) implements OutputItem {
    @Override
    public void write(JsonGenerator g) throws IOException {
      g.writeStartObject();
      g.writeStringField("id", id);
      g.writeStringField("type", "reasoning");
      g.writeArrayFieldStart("summary");
      if (text != null && !text.isEmpty()) {
        writeSummaryText(g, text);
      }
      g.writeEndArray();
      if (encryptedContent != null) {
        g.writeStringField("encrypted_content", encryptedContent);
      }
      g.writeStringField("status", status);
      g.writeEndObject();
    }

    static void writeSummaryText(JsonGenerator g, String text) throws IOException {
      g.writeStartObject();
      g.writeStringField("type", "summary_text");
      g.writeStringField("text", text);
      g.writeEndObject();
    }
  }
}
