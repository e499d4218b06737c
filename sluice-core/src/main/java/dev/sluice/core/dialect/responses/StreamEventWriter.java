package dev.sluice.core.dialect.responses;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes the Responses stream's named SSE events: {@code event: <type>} and one {@code data:} line holding
 * {@code {"type":<type>,"sequence_number":n,...}}, {@code n} counting up from 0 across the stream (Jackson
 * escapes line breaks inside strings, so the JSON is always one line). Events pile up in a buffer that
 * {@link #drain} hands out once per canonical event. One per stream; not thread-safe.
 */
final class StreamEventWriter {
  private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DATA = "\ndata: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

  /** The members after {@code type} and {@code sequence_number}. */
  @FunctionalInterface
  interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
  private int sequence;

  void emit(String type, Fields fields) {
    open(type);
    try (JsonGenerator g = ResponsesJson.generator(out)) {
      g.writeStartObject();
      g.writeStringField("type", type);
      g.writeNumberField("sequence_number", sequence++);
      fields.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen: the target is in memory
    }
    out.writeBytes(END);
  }

  /**
   * OpenAI's {@code error} event, its members in the order of OpenAI's reference example:
   * {@code {"type":"error","code":...,"message":...,"param":...,"sequence_number":n}}.
   */
  void emitError(String code, String message, String param) {
    open("error");
    try (JsonGenerator g = ResponsesJson.generator(out)) {
      g.writeStartObject();
      g.writeStringField("type", "error");
      writeNullable(g, "code", code);
      g.writeStringField("message", message);
      writeNullable(g, "param", param);
      g.writeNumberField("sequence_number", sequence++);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.writeBytes(END);
  }

  /** The events written since the last drain, or null when there are none. */
  byte[] drain() {
    if (out.size() == 0) {
      return null;
    }
    byte[] bytes = out.toByteArray();
    out.reset();
    return bytes;
  }

  private void open(String type) {
    out.writeBytes(EVENT);
    out.writeBytes(type.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(DATA);
  }

  static void writeNullable(JsonGenerator g, String name, String value) throws IOException {
    if (value == null) {
      g.writeNullField(name);
    } else {
      g.writeStringField(name, value);
    }
  }
}
