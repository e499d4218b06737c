package dev.sluice.core.provider.bedrock;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Incremental {@code application/vnd.amazon.eventstream} decoder: bytes in as they arrive (any split), whole
 * {@link EventStreamFrame}s out. Layout in {@link EventStreamWire}.
 *
 * <ul>
 *   <li>The prelude CRC is checked as soon as its 12 bytes are in, before the claimed length is trusted, so a
 *       corrupt length cannot make the decoder wait for (or allocate) megabytes that never come.
 *   <li>The message CRC is checked before the frame is handed out: a frame with a bad CRC is never delivered.
 *   <li>Frames larger than the maximum (16 MiB by default, far above any Bedrock event) are refused.
 * </ul>
 *
 * <p>Bad input never throws: the decoder stops, keeps the first reason in {@link #failure()} and ignores
 * further bytes. A frame that arrives whole inside one {@link #feed} call is decoded straight from the caller's
 * array; only a frame split across calls is copied. One instance per stream; not thread-safe.
 */
public final class EventStreamDecoder {
  /** 16 MiB: Bedrock's events are a few hundred bytes; the same bound as the SSE parser's. */
  public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;
  /** A buffer that grew for one big frame is dropped afterwards, so a long stream does not keep it. */
  private static final int RETAIN_LIMIT = 64 * 1024;

  private final int maxFrameBytes;
  private byte[] pending = new byte[256]; // a frame split across feeds
  private int pendingLength;
  private int pendingTotal; // the frame's length once its prelude is checked, else 0
  private long streamOffset; // where the next frame starts, for error messages
  private String failure;

  public EventStreamDecoder() {
    this(DEFAULT_MAX_FRAME_BYTES);
  }

  public EventStreamDecoder(int maxFrameBytes) {
    if (maxFrameBytes < EventStreamWire.MIN_FRAME_BYTES) {
      throw new IllegalArgumentException("maxFrameBytes must be at least 16: " + maxFrameBytes);
    }
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Decodes these bytes, handing every frame they complete to {@code out}. Does nothing once failed. */
  public void feed(byte[] bytes, int offset, int length, Consumer<EventStreamFrame> out) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    int i = offset;
    int end = offset + length;
    while (failure == null && i < end) {
      if (pendingLength == 0 && end - i >= EventStreamWire.PRELUDE_WITH_CRC_BYTES) {
        int total = checkPrelude(bytes, i);
        if (total < 0) {
          return;
        }
        if (end - i >= total) {
          deliver(bytes, i, total, out); // the whole frame is in the caller's array: no copy
          i += total;
          continue;
        }
      }
      int wanted = pendingTotal == 0 ? EventStreamWire.PRELUDE_WITH_CRC_BYTES - pendingLength
          : pendingTotal - pendingLength;
      int n = Math.min(wanted, end - i);
      append(bytes, i, n);
      i += n;
      if (pendingTotal == 0 && pendingLength == EventStreamWire.PRELUDE_WITH_CRC_BYTES) {
        pendingTotal = checkPrelude(pending, 0);
        if (pendingTotal < 0) {
          return;
        }
        if (pendingTotal > pending.length) {
          pending = Arrays.copyOf(pending, pendingTotal);
        }
      }
      if (pendingTotal > 0 && pendingLength == pendingTotal) {
        int total = pendingTotal;
        pendingLength = 0;
        pendingTotal = 0;
        deliver(pending, 0, total, out);
        if (pending.length > RETAIN_LIMIT) {
          pending = new byte[256];
        }
      }
    }
  }

  /** Why decoding stopped (bad CRC, oversize or malformed frame), or null while all is well. */
  public String failure() {
    return failure;
  }

  /** True when bytes of an unfinished frame are held: a body that ends now was cut mid-frame. */
  public boolean hasPartialFrame() {
    return pendingLength > 0;
  }

  private void append(byte[] bytes, int from, int n) {
    if (pendingLength + n > pending.length) {
      pending = Arrays.copyOf(pending, Math.max(pendingLength + n, pending.length * 2));
    }
    System.arraycopy(bytes, from, pending, pendingLength, n);
    pendingLength += n;
  }

  /** The frame's total length if its prelude is sound, else -1 with {@link #failure} set. */
  private int checkPrelude(byte[] b, int at) {
    long total = EventStreamWire.readInt(b, at) & 0xffffffffL;
    long headersLength = EventStreamWire.readInt(b, at + 4) & 0xffffffffL;
    long expectedCrc = EventStreamWire.readInt(b, at + 8) & 0xffffffffL;
    long actualCrc = EventStreamWire.crc32(b, at, EventStreamWire.PRELUDE_BYTES);
    if (expectedCrc != actualCrc) {
      return fail(String.format("prelude CRC mismatch (frame says %08x, bytes give %08x)", expectedCrc, actualCrc));
    }
    if (total < EventStreamWire.MIN_FRAME_BYTES) {
      return fail("frame length " + total + " is below the 16-byte minimum");
    }
    if (total > maxFrameBytes) {
      return fail("frame of " + total + " bytes exceeds the limit of " + maxFrameBytes + " bytes");
    }
    if (headersLength > total - EventStreamWire.MIN_FRAME_BYTES) {
      return fail("headers length " + headersLength + " does not fit a frame of " + total + " bytes");
    }
    return (int) total;
  }

  private void deliver(byte[] b, int at, int total, Consumer<EventStreamFrame> out) {
    int crcAt = at + total - EventStreamWire.CRC_BYTES;
    long expectedCrc = EventStreamWire.readInt(b, crcAt) & 0xffffffffL;
    long actualCrc = EventStreamWire.crc32(b, at, total - EventStreamWire.CRC_BYTES);
    if (expectedCrc != actualCrc) {
      fail(String.format("message CRC mismatch (frame says %08x, bytes give %08x)", expectedCrc, actualCrc));
      return;
    }
    int headersStart = at + EventStreamWire.PRELUDE_WITH_CRC_BYTES;
    int headersEnd = headersStart + EventStreamWire.readInt(b, at + 4);
    Map<String, Object> headers = headers(b, headersStart, headersEnd);
    if (headers == null) {
      return;
    }
    byte[] payload = Arrays.copyOfRange(b, headersEnd, crcAt);
    streamOffset += total;
    out.accept(new EventStreamFrame(headers, payload));
  }

  /** The headers, or null with {@link #failure} set when they run past their length or use an unknown type. */
  private Map<String, Object> headers(byte[] b, int from, int to) {
    Map<String, Object> headers = new LinkedHashMap<>();
    int p = from;
    while (p < to) {
      int nameLength = b[p] & 0xff;
      if (nameLength == 0 || p + 1 + nameLength + 1 > to) {
        fail("malformed header at frame byte " + (p - from + EventStreamWire.PRELUDE_WITH_CRC_BYTES));
        return null;
      }
      String name = new String(b, p + 1, nameLength, StandardCharsets.UTF_8);
      p += 1 + nameLength;
      byte type = b[p++];
      int size = valueSize(b, p, to, type);
      if (size < 0) {
        fail("malformed value of header " + name + " (type " + type + ")");
        return null;
      }
      headers.put(name, value(b, p, type, size));
      p += size;
    }
    return headers;
  }

  /** Bytes the value takes after its type byte (length prefix included), or -1 if unknown or out of bounds. */
  private static int valueSize(byte[] b, int at, int to, byte type) {
    int size = switch (type) {
      case EventStreamWire.TYPE_TRUE, EventStreamWire.TYPE_FALSE -> 0;
      case EventStreamWire.TYPE_BYTE -> 1;
      case EventStreamWire.TYPE_SHORT -> 2;
      case EventStreamWire.TYPE_INT -> 4;
      case EventStreamWire.TYPE_LONG, EventStreamWire.TYPE_TIMESTAMP -> 8;
      case EventStreamWire.TYPE_UUID -> 16;
      case EventStreamWire.TYPE_BYTES, EventStreamWire.TYPE_STRING ->
          at + 2 > to ? -1 : 2 + (((b[at] & 0xff) << 8) | (b[at + 1] & 0xff));
      default -> -1;
    };
    return size < 0 || at + size > to ? -1 : size;
  }

  private static Object value(byte[] b, int at, byte type, int size) {
    return switch (type) {
      case EventStreamWire.TYPE_TRUE -> Boolean.TRUE;
      case EventStreamWire.TYPE_FALSE -> Boolean.FALSE;
      case EventStreamWire.TYPE_BYTE -> b[at];
      case EventStreamWire.TYPE_SHORT -> (short) (((b[at] & 0xff) << 8) | (b[at + 1] & 0xff));
      case EventStreamWire.TYPE_INT -> EventStreamWire.readInt(b, at);
      case EventStreamWire.TYPE_LONG -> EventStreamWire.readLong(b, at);
      case EventStreamWire.TYPE_TIMESTAMP -> Instant.ofEpochMilli(EventStreamWire.readLong(b, at));
      case EventStreamWire.TYPE_UUID -> new UUID(EventStreamWire.readLong(b, at), EventStreamWire.readLong(b, at + 8));
      case EventStreamWire.TYPE_BYTES -> Arrays.copyOfRange(b, at + 2, at + size);
      default -> new String(b, at + 2, size - 2, StandardCharsets.UTF_8); // TYPE_STRING: valueSize refused others
    };
  }

  private int fail(String reason) {
    failure = "event stream: " + reason + " at stream offset " + streamOffset;
    pending = new byte[0];
    pendingLength = 0;
    pendingTotal = 0;
    return -1;
  }
}
