package dev.sluice.core.stream;

import java.nio.charset.StandardCharsets;

/**
 * Frames {@link SseEvent}s as {@code text/event-stream} bytes, the inverse of {@link SseParser}: what one
 * writes, the other reads back as the same event.
 *
 * <p>Data containing line breaks becomes several {@code data:} lines (the spec's only way to carry them);
 * CR, LF and CRLF all count as one break, because a bare CR on the wire would end the line anyway. Event
 * names and ids cannot hold a line break at all and are rejected. Each call allocates exactly one array of
 * the final size.
 */
public final class SseWriter {
  /** {@code data: [DONE]\n\n}, OpenAI's end-of-stream sentinel. Shared: callers must not modify it. */
  public static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ID = "id: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] COMMENT = ": ".getBytes(StandardCharsets.US_ASCII);

  private SseWriter() {}

  /** {@code event:} and {@code id:} lines when present, one {@code data:} line per data line, a blank line. */
  public static byte[] encode(SseEvent e) {
    byte[] event = e.event() == null ? null : singleLine("event", e.event());
    byte[] id = e.id() == null ? null : singleLine("id", e.id());
    String data = e.data();
    byte[] body = data.getBytes(StandardCharsets.UTF_8);
    boolean oneLine = data.indexOf('\n') < 0 && data.indexOf('\r') < 0;
    int size = (event == null ? 0 : EVENT.length + event.length + 1)
        + (id == null ? 0 : ID.length + id.length + 1)
        + (oneLine ? DATA.length + body.length + 1 : linesSize(DATA, body))
        + 1;
    byte[] out = new byte[size];
    int at = 0;
    if (event != null) {
      at = putLine(out, at, EVENT, event, 0, event.length);
    }
    if (id != null) {
      at = putLine(out, at, ID, id, 0, id.length);
    }
    at = oneLine ? putLine(out, at, DATA, body, 0, body.length) : putLines(out, at, DATA, body);
    out[at] = '\n';
    return out;
  }

  /** A comment ({@code : ping\n\n} for "ping"): clients ignore it; it keeps idle connections open. */
  public static byte[] comment(String text) {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[linesSize(COMMENT, body) + 1];
    int at = putLines(out, 0, COMMENT, body);
    out[at] = '\n';
    return out;
  }

  private static byte[] singleLine(String field, String value) {
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("SSE " + field + " cannot contain a line break: " + value);
    }
    return value.getBytes(StandardCharsets.UTF_8);
  }

  /** Bytes needed to write {@code body} as prefixed lines, each ended by LF. */
  private static int linesSize(byte[] prefix, byte[] body) {
    int lines = 1;
    int breakBytes = 0;
    for (int i = 0; i < body.length; i++) {
      byte b = body[i];
      if (b == '\n') {
        lines++;
        breakBytes++;
      } else if (b == '\r') {
        lines++;
        breakBytes++;
        if (i + 1 < body.length && body[i + 1] == '\n') {
          breakBytes++;
          i++;
        }
      }
    }
    return lines * (prefix.length + 1) + body.length - breakBytes;
  }

  private static int putLines(byte[] out, int at, byte[] prefix, byte[] body) {
    int start = 0;
    for (int i = 0; i < body.length; i++) {
      byte b = body[i];
      if (b == '\n' || b == '\r') {
        at = putLine(out, at, prefix, body, start, i);
        if (b == '\r' && i + 1 < body.length && body[i + 1] == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    return putLine(out, at, prefix, body, start, body.length);
  }

  private static int putLine(byte[] out, int at, byte[] prefix, byte[] src, int from, int to) {
    System.arraycopy(prefix, 0, out, at, prefix.length);
    at += prefix.length;
    System.arraycopy(src, from, out, at, to - from);
    at += to - from;
    out[at] = '\n';
    return at + 1;
  }
}
