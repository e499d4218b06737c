package dev.sluice.core.provider.bedrock;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Builds {@code application/vnd.amazon.eventstream} messages (layout in {@link EventStreamWire}): for tests and
 * for anything that must speak the framing back, such as a fake upstream. Header values are typed by their Java
 * class, as in {@link EventStreamFrame}.
 */
public final class EventStreamEncoder {
  private EventStreamEncoder() {}

  /** One message with Bedrock's three string headers: {@code :event-type}, {@code :content-type}, {@code :message-type}. */
  public static byte[] event(String eventType, byte[] jsonPayload) {
    Map<String, Object> headers = new LinkedHashMap<>(); // Bedrock's order, as in the recorded frames
    headers.put(EventStreamFrame.EVENT_TYPE, eventType);
    headers.put(EventStreamFrame.CONTENT_TYPE, "application/json");
    headers.put(EventStreamFrame.MESSAGE_TYPE, "event");
    return encode(headers, jsonPayload);
  }

  public static byte[] encode(EventStreamFrame frame) {
    return encode(frame.headers(), frame.payload());
  }

  /**
   * One whole message.
   *
   * @throws IllegalArgumentException for a header value of an unsupported class, a name over 255 bytes or a
   *     string / byte value over 65,535 bytes
   */
  public static byte[] encode(Map<String, Object> headers, byte[] payload) {
    byte[] headerBytes = headers(headers);
    int total = EventStreamWire.MIN_FRAME_BYTES + headerBytes.length + payload.length;
    ByteBuffer out = ByteBuffer.allocate(total);
    out.putInt(total).putInt(headerBytes.length);
    out.putInt((int) EventStreamWire.crc32(out.array(), 0, EventStreamWire.PRELUDE_BYTES));
    out.put(headerBytes).put(payload);
    out.putInt((int) EventStreamWire.crc32(out.array(), 0, total - EventStreamWire.CRC_BYTES));
    return out.array();
  }

  private static byte[] headers(Map<String, Object> headers) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<String, Object> header : headers.entrySet()) {
      byte[] name = header.getKey().getBytes(StandardCharsets.UTF_8);
      if (name.length == 0 || name.length > EventStreamWire.MAX_NAME_BYTES) {
        throw new IllegalArgumentException("header name must be 1-255 bytes: " + header.getKey());
      }
      out.write(name.length);
      out.writeBytes(name);
      value(out, header.getKey(), header.getValue());
    }
    return out.toByteArray();
  }

  private static void value(ByteArrayOutputStream out, String name, Object value) {
    ByteBuffer b = ByteBuffer.allocate(16);
    switch (value) {
      case Boolean bool -> out.write(bool ? EventStreamWire.TYPE_TRUE : EventStreamWire.TYPE_FALSE);
      case Byte v -> {
        out.write(EventStreamWire.TYPE_BYTE);
        out.write(v);
      }
      case Short v -> written(out, EventStreamWire.TYPE_SHORT, b.putShort(v));
      case Integer v -> written(out, EventStreamWire.TYPE_INT, b.putInt(v));
      case Long v -> written(out, EventStreamWire.TYPE_LONG, b.putLong(v));
      case Instant v -> written(out, EventStreamWire.TYPE_TIMESTAMP, b.putLong(v.toEpochMilli()));
      case UUID v -> written(out, EventStreamWire.TYPE_UUID,
          b.putLong(v.getMostSignificantBits()).putLong(v.getLeastSignificantBits()));
      case String v -> sized(out, name, EventStreamWire.TYPE_STRING, v.getBytes(StandardCharsets.UTF_8));
      case byte[] v -> sized(out, name, EventStreamWire.TYPE_BYTES, v);
      case null, default -> throw new IllegalArgumentException("header " + name + ": unsupported value "
          + (value == null ? "null" : value.getClass().getSimpleName()));
    }
  }

  private static void written(ByteArrayOutputStream out, byte type, ByteBuffer value) {
    out.write(type);
    out.write(value.array(), 0, value.position());
  }

  private static void sized(ByteArrayOutputStream out, String name, byte type, byte[] value) {
    if (value.length > EventStreamWire.MAX_VALUE_BYTES) {
      throw new IllegalArgumentException("header " + name + ": value over 65535 bytes");
    }
    out.write(type);
    out.write(value.length >>> 8);
    out.write(value.length);
    out.writeBytes(value);
  }
}
