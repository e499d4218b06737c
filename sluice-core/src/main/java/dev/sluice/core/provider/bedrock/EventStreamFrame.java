package dev.sluice.core.provider.bedrock;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One message of an {@code application/vnd.amazon.eventstream} body: its headers in wire order and its payload.
 *
 * <p>Header values keep their wire type as a Java type: {@link Boolean} (types 0/1), {@link Byte} (2),
 * {@link Short} (3), {@link Integer} (4), {@link Long} (5), {@code byte[]} (6), {@link String} (7),
 * {@link java.time.Instant} (8, millisecond timestamp) and {@link java.util.UUID} (9).
 *
 * @param headers header name to value, in the order they were on the wire
 * @param payload the message body (for Bedrock: one event's JSON, UTF-8)
 */
public record EventStreamFrame(Map<String, Object> headers, byte[] payload) {
  /** Bedrock's header naming the kind of message: {@code event}, {@code exception} or {@code error}. */
  public static final String MESSAGE_TYPE = ":message-type";
  public static final String EVENT_TYPE = ":event-type";
  public static final String EXCEPTION_TYPE = ":exception-type";
  public static final String CONTENT_TYPE = ":content-type";
  public static final String ERROR_CODE = ":error-code";
  public static final String ERROR_MESSAGE = ":error-message";

  public EventStreamFrame {
    Objects.requireNonNull(payload, "payload");
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** A header's value when it is a string (type 7), else null. */
  public String stringHeader(String name) {
    return headers.get(name) instanceof String s ? s : null;
  }

  public String messageType() {
    return stringHeader(MESSAGE_TYPE);
  }

  public String eventType() {
    return stringHeader(EVENT_TYPE);
  }

  public String exceptionType() {
    return stringHeader(EXCEPTION_TYPE);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof EventStreamFrame other)) {
      return false;
    }
    if (!java.util.Arrays.equals(payload, other.payload) || headers.size() != other.headers.size()) {
      return false;
    }
    for (Map.Entry<String, Object> e : headers.entrySet()) {
      Object theirs = other.headers.get(e.getKey());
      boolean same = e.getValue() instanceof byte[] mine && theirs instanceof byte[] b
          ? java.util.Arrays.equals(mine, b)
          : Objects.equals(e.getValue(), theirs);
      if (!same) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return 31 * headers.keySet().hashCode() + java.util.Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "EventStreamFrame[headers=" + headers + ", payload=" + payload.length + " bytes]";
  }
}
