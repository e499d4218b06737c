package dev.sluice.core.dialect.responses;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.ChatResponse;
import dev.sluice.core.canonical.Part;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A canonical answer to a Responses {@code response} body. The answer's parts become output items in their
 * order: reasoning items, one message per run of text, a function call item per tool call (so text after a
 * call, which Anthropic can send, stays after it). An answer with no message and no call still gets an empty
 * message, so a client reading {@code output[0].content[0].text} finds one. Images and tool results cannot
 * be part of an answer in this dialect and are skipped.
 */
final class ResponseEncoder {
  private ResponseEncoder() {}

  static byte[] encode(ChatResponse response, ChatRequest request, ResponseIds ids, long createdAt) {
    ResponseSnapshot snapshot = ResponseSnapshot.finished(ids.response(), createdAt, response.finishReason(),
        items(response.content(), ids), response.usage());
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = ResponsesJson.generator(out)) {
      ResponseObjectWriter.write(g, snapshot, request);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen: the target is in memory
    }
    return out.toByteArray();
  }

  static List<OutputItem> items(List<Part> content, ResponseIds ids) {
    List<OutputItem> items = new ArrayList<>();
    StringBuilder text = null;
    boolean answered = false;
    for (Part part : content) {
      if (part instanceof Part.Text t) {
        text = text == null ? new StringBuilder() : text;
        text.append(t.text());
        continue;
      }
      if (text != null) {
        items.add(new OutputItem.Message(ids.message(), OutputItem.COMPLETED, text.toString()));
        answered = true;
        text = null;
      }
      switch (part) {
        case Part.Reasoning r -> items.add(new OutputItem.Reasoning(ids.reasoning(), OutputItem.COMPLETED, r.text(),
            EncryptedReasoning.encode(r.signature(), r.redacted())));
        case Part.ToolCall c -> {
          items.add(new OutputItem.FunctionCall(ids.functionCall(), OutputItem.COMPLETED, c.argumentsJson(), c.id(),
              c.name()));
          answered = true;
        }
        case Part.Text t -> throw new AssertionError("handled above");
        case Part.Image i -> { } // not representable in an answer
        case Part.ToolResult r -> { } // never part of an answer
      }
    }
    if (text != null || !answered) {
      items.add(new OutputItem.Message(ids.message(), OutputItem.COMPLETED, text == null ? "" : text.toString()));
    }
    return items;
  }
}
