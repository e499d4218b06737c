package dev.sluice.server.http;

import java.util.concurrent.ThreadLocalRandom;

/** Request ids for the {@code x-request-id} header and the logs: {@code req_} + 24 hex digits (96 bits). */
public final class RequestIds {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private RequestIds() {}

  public static String next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] out = new char[28];
    out[0] = 'r';
    out[1] = 'e';
    out[2] = 'q';
    out[3] = '_';
    long a = random.nextLong();
    long b = random.nextLong();
    for (int i = 0; i < 16; i++) {
      out[4 + i] = HEX[(int) (a >>> (60 - 4 * i)) & 0xf];
    }
    for (int i = 0; i < 8; i++) {
      out[20 + i] = HEX[(int) (b >>> (60 - 4 * i)) & 0xf];
    }
    return new String(out);
  }
}
