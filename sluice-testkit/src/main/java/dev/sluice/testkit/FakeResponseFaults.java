package dev.sluice.testkit;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Faults in the body of a successful answer (RELIABILITY A5#29), chosen like every other knob by tokens in
 * the model name; {@link FakeModelName} keeps the status and timing knobs, this the body-shape ones:
 *
 * <ul>
 *   <li>{@code huge-<MiB>}: a unary completion whose content is that many MiB, written in 64 KiB pieces as the
 *       client reads them (the fake never holds the body);
 *   <li>{@code long-line-<KiB>}: a stream whose first content chunk is one SSE data line of about that size;
 *   <li>{@code bad-utf8}: a unary completion whose content has raw bytes that are not UTF-8;
 *   <li>{@code zero-usage}: usage is reported, with every count zero.
 * </ul>
 */
record FakeResponseFaults(int hugeMiB, int longLineKiB, boolean badUtf8, boolean zeroUsage) {
  /** Caps so a typo cannot exhaust the test machine. */
  static final int MAX_HUGE_MIB = 256;
  static final int MAX_LONG_LINE_KIB = 64 * 1024;
  private static final int PIECE = 64 * 1024;
  /** Where the content goes in a unary answer's bytes; the rest is a real completion. */
  static final String MARK = "@@FAKE_CONTENT@@";

  static FakeResponseFaults parse(String model) {
    String[] tokens = (model == null ? "" : model).toLowerCase(Locale.ROOT).split("[-_/]");
    int huge = 0;
    int longLine = 0;
    boolean badUtf8 = false;
    boolean zeroUsage = false;
    for (int i = 0; i < tokens.length; i++) {
      String next = i + 1 < tokens.length ? tokens[i + 1] : "";
      switch (tokens[i]) {
        case "huge" -> huge = (int) Math.min(number(next), MAX_HUGE_MIB);
        case "long" -> {
          if (next.equals("line") && i + 2 < tokens.length) {
            longLine = (int) Math.min(number(tokens[i + 2]), MAX_LONG_LINE_KIB);
          }
        }
        case "bad" -> badUtf8 |= next.equals("utf8");
        case "zero" -> zeroUsage |= next.equals("usage");
        default -> { /* an ordinary part of a model name */ }
      }
    }
    return new FakeResponseFaults(huge, longLine, badUtf8, zeroUsage);
  }

  private static long number(String token) {
    try {
      return Math.max(0, Long.parseLong(token));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  boolean shapesUnary() {
    return hugeMiB > 0 || badUtf8;
  }

  /**
   * Sends {@code body} (a completion whose content is {@link #MARK}) with the content replaced: {@code hugeMiB}
   * of {@code a}, or a few bytes that are not UTF-8. The huge body is paced by the client's reading.
   */
  void sendUnary(HttpServerResponse response, String body) {
    int at = body.indexOf(MARK);
    byte[] head = body.substring(0, at).getBytes(StandardCharsets.UTF_8);
    byte[] tail = body.substring(at + MARK.length()).getBytes(StandardCharsets.UTF_8);
    response.setStatusCode(200).putHeader("content-type", "application/json");
    if (badUtf8) {
      Buffer bytes = Buffer.buffer(head).appendBytes(new byte[] {'o', 'k', (byte) 0xFF, (byte) 0xFE, (byte) 0xC3,
          '(', (byte) 0xED, (byte) 0xA0, (byte) 0x80}).appendBytes(tail);
      response.end(bytes);
      return;
    }
    long size = (long) hugeMiB * 1024 * 1024;
    response.putHeader("content-length", String.valueOf(head.length + size + tail.length));
    response.write(Buffer.buffer(head));
    Buffer piece = Buffer.buffer("a".repeat(PIECE));
    writeFiller(response, size, piece, tail);
  }

  private static void writeFiller(HttpServerResponse response, long remaining, Buffer piece, byte[] tail) {
    while (remaining > 0 && !response.writeQueueFull()) {
      int n = (int) Math.min(PIECE, remaining);
      response.write(n == PIECE ? piece : piece.slice(0, n));
      remaining -= n;
    }
    if (remaining <= 0) {
      response.end(Buffer.buffer(tail));
      return;
    }
    long left = remaining;
    response.drainHandler(v -> writeFiller(response, left, piece, tail));
  }

  /** The {@code long-line} content: {@code longLineKiB} KiB of text for one chunk. */
  String longContent() {
    return "b".repeat(longLineKiB * 1024);
  }
}
