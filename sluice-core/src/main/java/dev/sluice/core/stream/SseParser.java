package dev.sluice.core.stream;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Incremental {@code text/event-stream} parser: bytes in, whole {@link SseEvent}s out, following the WHATWG
 * HTML "event stream interpretation" (the same rules as OkHttp's {@code ServerSentEventReader}).
 *
 * <ul>
 *   <li>Lines end in LF, CR or CRLF, also when a CR closes one {@link #feed} call and its LF opens the next.
 *   <li>Lines starting with {@code :} are comments; {@code retry} and unknown fields are ignored; a line without
 *       a colon is a field name with an empty value; one space after the colon is stripped.
 *   <li>{@code data} lines are joined with {@code \n}; a blank line dispatches the event, but only if it had data
 *       (an event with only {@code event:} is dropped, as in browsers). {@code id} persists across events.
 *   <li>Bytes are decoded as UTF-8 only once a line is whole, so a multi-byte character split across feeds is
 *       fine. A leading byte-order mark is skipped.
 *   <li>At {@link #endOfInput()} an event without its closing blank line is <em>not</em> dispatched (the spec
 *       says so: it may be cut short); {@link #hasPartialEvent()} tells the caller the stream was truncated.
 * </ul>
 *
 * <p>Memory is bounded: once the current event (its data plus any partial line) would exceed the maximum
 * size, the parser stops, drops what it held, ignores further input and reports {@link #overflowed()}, rather
 * than grow forever on a hostile or broken upstream.
 *
 * <p>Fast path: a data line that arrives whole inside one feed is not copied; the event's string is decoded
 * straight from the caller's array. The caller may reuse its array after {@code feed} returns.
 *
 * <p>One instance per stream; not thread-safe. The sink runs on the calling thread, inside {@code feed}.
 *
 * <p>A little over 300 lines: one state machine whose fields (pending line, pending CR, data buffer) are
 * shared by every step; split up, the state would have to travel between classes.
 */
public final class SseParser {
  /** 16 MiB: far above any real chat chunk, low enough that one broken stream cannot exhaust the heap. */
  public static final int DEFAULT_MAX_EVENT_BYTES = 16 * 1024 * 1024;

  private static final byte LF = '\n';
  private static final byte CR = '\r';
  /** Buffers that grew past this for one big event are dropped afterwards, so a stream does not keep them. */
  private static final int RETAIN_LIMIT = 64 * 1024;

  private final Consumer<SseEvent> sink;
  private final int maxEventBytes;

  private byte[] line = new byte[128]; // a line not yet ended, carried between feeds
  private int lineLen;
  private boolean skipLeadingLf; // the last byte seen was a CR: an LF right after it ends the same line
  private boolean atStreamStart = true; // for the byte-order mark

  private byte[] data = new byte[512];
  private int dataLen;
  private boolean hasData;
  private byte[] sliceArray; // the only data line so far, still in the caller's array (valid during feed only)
  private int sliceOffset;
  private int sliceLength;
  private String eventType;
  private String lastId;

  private boolean overflowed;
  private boolean ended;
  private boolean truncated;

  public SseParser(Consumer<SseEvent> sink) {
    this(sink, DEFAULT_MAX_EVENT_BYTES);
  }

  public SseParser(Consumer<SseEvent> sink, int maxEventBytes) {
    this.sink = Objects.requireNonNull(sink, "sink");
    if (maxEventBytes <= 0) {
      throw new IllegalArgumentException("maxEventBytes must be positive: " + maxEventBytes);
    }
    this.maxEventBytes = maxEventBytes;
  }

  public void feed(byte[] bytes) {
    feed(bytes, 0, bytes.length);
  }

  /** Parses these bytes, dispatching every event they complete. Does nothing once {@link #overflowed()}. */
  public void feed(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    if (ended) {
      throw new IllegalStateException("feed after endOfInput");
    }
    if (overflowed || length == 0) {
      return;
    }
    int end = offset + length;
    int i = offset;
    if (skipLeadingLf) {
      skipLeadingLf = false;
      if (bytes[i] == LF) {
        i++;
      }
    }
    int lineStart = i;
    while (i < end) {
      byte b = bytes[i];
      if (b != LF && b != CR) {
        i++;
        continue;
      }
      if (lineLen > 0) {
        appendToLine(bytes, lineStart, i - lineStart);
        if (overflowed) {
          return;
        }
        int carried = lineLen;
        lineLen = 0; // the buffer's bytes stay valid until the next append
        processLine(line, 0, carried, /* inCallerArray= */ false);
      } else {
        processLine(bytes, lineStart, i, /* inCallerArray= */ true);
      }
      if (overflowed) {
        return;
      }
      i++;
      if (b == CR) {
        if (i == end) {
          skipLeadingLf = true;
        } else if (bytes[i] == LF) {
          i++;
        }
      }
      lineStart = i;
    }
    if (lineStart < end) {
      appendToLine(bytes, lineStart, end - lineStart);
    }
    copySliceIntoData(); // the caller owns its array again once we return
  }

  /** Marks the end of the stream. A pending event without its blank line is discarded, as the spec says. */
  public void endOfInput() {
    if (ended) {
      return;
    }
    truncated = hasPartialEvent();
    ended = true;
    release();
  }

  /**
   * True when bytes of an event that was never completed are pending (or were, at {@link #endOfInput()}):
   * the upstream stopped mid-event. A well-formed stream ends right after a blank line and answers false.
   */
  public boolean hasPartialEvent() {
    return truncated || lineLen > 0 || hasData || eventType != null;
  }

  /** True once an event grew past the maximum size; the parser has stopped and dropped what it held. */
  public boolean overflowed() {
    return overflowed;
  }

  private void appendToLine(byte[] src, int from, int n) {
    int newLen = lineLen + n;
    if ((long) newLen + dataLen + sliceLength > maxEventBytes) {
      overflow();
      return;
    }
    if (newLen > line.length) {
      line = Arrays.copyOf(line, Math.max(newLen, Math.min(maxEventBytes, line.length * 2)));
    }
    System.arraycopy(src, from, line, lineLen, n);
    lineLen = newLen;
  }

  private void processLine(byte[] buf, int start, int end, boolean inCallerArray) {
    if (atStreamStart) {
      atStreamStart = false;
      if (end - start >= 3 && buf[start] == (byte) 0xEF && buf[start + 1] == (byte) 0xBB
          && buf[start + 2] == (byte) 0xBF) {
        start += 3;
      }
    }
    if (start == end) {
      dispatch();
      return;
    }
    if (buf[start] == ':') {
      return; // comment
    }
    int colon = indexOf(buf, start, end, (byte) ':');
    int nameEnd = colon < 0 ? end : colon;
    int valueStart = colon < 0 ? end : colon + 1;
    if (valueStart < end && buf[valueStart] == ' ') {
      valueStart++;
    }
    switch (nameEnd - start) {
      case 4 -> {
        if (isName(buf, start, "data")) {
          onData(buf, valueStart, end, inCallerArray);
        }
      }
      case 5 -> {
        if (isName(buf, start, "event")) {
          eventType = valueStart == end ? null : decode(buf, valueStart, end);
        } // "retry" only matters to browsers reconnecting on their own: ignored
      }
      case 2 -> {
        if (isName(buf, start, "id") && indexOf(buf, valueStart, end, (byte) 0) < 0) {
          lastId = valueStart == end ? null : decode(buf, valueStart, end);
        }
      }
      default -> { } // unknown field: ignored, per spec
    }
  }

  private void onData(byte[] buf, int from, int to, boolean inCallerArray) {
    int n = to - from;
    if (!hasData) {
      if (n > maxEventBytes) {
        overflow();
        return;
      }
      hasData = true;
      if (inCallerArray) {
        sliceArray = buf;
        sliceOffset = from;
        sliceLength = n;
        return;
      }
      ensureData(n);
      System.arraycopy(buf, from, data, 0, n);
      dataLen = n;
      return;
    }
    copySliceIntoData();
    if ((long) dataLen + 1 + n > maxEventBytes) {
      overflow();
      return;
    }
    ensureData(dataLen + 1 + n);
    data[dataLen++] = LF;
    System.arraycopy(buf, from, data, dataLen, n);
    dataLen += n;
  }

  private void copySliceIntoData() {
    if (sliceArray == null) {
      return;
    }
    ensureData(sliceLength);
    System.arraycopy(sliceArray, sliceOffset, data, 0, sliceLength);
    dataLen = sliceLength;
    sliceArray = null;
    sliceLength = 0;
  }

  private void dispatch() {
    if (!hasData) {
      eventType = null; // spec: an event with no data is dropped and its type reset
      return;
    }
    String text = sliceArray != null
        ? decode(sliceArray, sliceOffset, sliceOffset + sliceLength)
        : decode(data, 0, dataLen);
    SseEvent event = new SseEvent(eventType, text, lastId);
    hasData = false;
    sliceArray = null;
    sliceLength = 0;
    dataLen = 0;
    eventType = null;
    if (data.length > RETAIN_LIMIT) {
      data = new byte[512];
    }
    if (line.length > RETAIN_LIMIT) {
      line = new byte[128];
    }
    sink.accept(event);
  }

  private void ensureData(int capacity) {
    if (capacity > data.length) {
      data = Arrays.copyOf(data, Math.max(capacity, Math.min(maxEventBytes, data.length * 2)));
    }
  }

  private void overflow() {
    overflowed = true;
    release();
  }

  private void release() {
    line = new byte[0];
    data = new byte[0];
    lineLen = 0;
    dataLen = 0;
    hasData = false;
    sliceArray = null;
    sliceLength = 0;
    eventType = null;
  }

  private static boolean isName(byte[] buf, int start, String name) {
    for (int k = 0; k < name.length(); k++) {
      if (buf[start + k] != name.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] buf, int from, int to, byte b) {
    for (int k = from; k < to; k++) {
      if (buf[k] == b) {
        return k;
      }
    }
    return -1;
  }

  private static String decode(byte[] buf, int from, int to) {
    return new String(buf, from, to - from, StandardCharsets.UTF_8);
  }
}
