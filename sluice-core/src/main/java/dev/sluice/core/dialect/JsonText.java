package dev.sluice.core.dialect;

import java.util.Arrays;

/**
 * The encoding check every caller body passes before its dialect parses it. RFC 8259 §8.1: JSON exchanged
 * between systems must be UTF-8. Jackson is more lenient than that: it auto-detects UTF-16/32 from the first
 * bytes and lets CESU-style surrogate bytes ({@code ED A0 80}) through. Leniency here is harmful: the
 * passthrough edits the client's bytes at offsets the parser reported (in chars for UTF-16, which made a
 * UTF-16 body a 500), and forwards invalid UTF-8 to the provider (which refuses it, or bills for it). So a
 * body must be strict UTF-8 with no raw control byte (only tab, LF and CR are allowed outside strings, none
 * inside): that also refuses every UTF-16/32 body, whose ASCII characters carry NUL bytes.
 *
 * <p>A leading byte-order mark is allowed (RFC 8259 lets a parser ignore it; the JSON parsers do) and is
 * removed with {@link #withoutBom} before the body is kept for forwarding.
 */
public final class JsonText {
  private JsonText() {}

  /** {@code body} without a leading UTF-8 byte-order mark ({@code EF BB BF}); {@code body} itself when none. */
  public static byte[] withoutBom(byte[] body) {
    boolean bom = body.length >= 3 && body[0] == (byte) 0xEF && body[1] == (byte) 0xBB && body[2] == (byte) 0xBF;
    return bom ? Arrays.copyOfRange(body, 3, body.length) : body;
  }

  /** Why {@code body} is not acceptable JSON text, or null when it is strict UTF-8 without raw control bytes. */
  public static String problem(byte[] body) {
    int n = body.length;
    int i = 0;
    while (i < n) {
      int b = body[i] & 0xFF;
      if (b < 0x80) {
        if (b < 0x20 && b != '\t' && b != '\n' && b != '\r') {
          return String.format("a raw control byte 0x%02X at byte %d (the body must be UTF-8 JSON)", b, i);
        }
        i++;
        continue;
      }
      int more;
      int lo = 0x80;
      int hi = 0xBF;
      if (b >= 0xC2 && b <= 0xDF) {
        more = 1;
      } else if (b >= 0xE0 && b <= 0xEF) {
        more = 2;
        lo = b == 0xE0 ? 0xA0 : 0x80; // no overlong forms
        hi = b == 0xED ? 0x9F : 0xBF; // no surrogates
      } else if (b >= 0xF0 && b <= 0xF4) {
        more = 3;
        lo = b == 0xF0 ? 0x90 : 0x80; // no overlong forms
        hi = b == 0xF4 ? 0x8F : 0xBF; // nothing above U+10FFFF
      } else {
        return invalid(i);
      }
      if (i + more >= n) { // the sequence is cut off by the end of the body
        return invalid(i);
      }
      int second = body[i + 1] & 0xFF;
      if (second < lo || second > hi) {
        return invalid(i);
      }
      for (int k = 2; k <= more; k++) {
        int c = body[i + k] & 0xFF;
        if (c < 0x80 || c > 0xBF) {
          return invalid(i);
        }
      }
      i += more + 1;
    }
    return null;
  }

  /**
   * What a parse failure says, for the caller's error message, without the parser's own class and feature
   * names (a trailing-content failure would otherwise name {@code com.fasterxml.jackson...} to the client).
   */
  public static String detail(com.fasterxml.jackson.core.JacksonException e) {
    String message = e.getOriginalMessage();
    if (message != null && message.startsWith("Trailing token")) {
      return "unexpected content after the JSON object";
    }
    return message;
  }

  private static String invalid(int at) {
    return "invalid UTF-8 at byte " + at + " (the body must be UTF-8 JSON)";
  }
}
