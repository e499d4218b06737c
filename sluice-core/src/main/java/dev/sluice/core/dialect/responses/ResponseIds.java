package dev.sluice.core.dialect.responses;

import java.util.random.RandomGenerator;

/**
 * Ids in OpenAI's form, a type prefix and 32 hex digits ({@code resp_68c9a1f0e2b4819095c3d7a1b2c3d4e5},
 * {@code msg_...}, {@code fc_...}, {@code rs_...}). They only need to be unique within a caller's view;
 * the randomness is injected so tests see fixed ids. The generator must be safe to share across threads
 * when the codec is (the default draws from {@code ThreadLocalRandom}).
 */
final class ResponseIds {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final RandomGenerator random;

  ResponseIds(RandomGenerator random) {
    this.random = random;
  }

  String response() {
    return next("resp_");
  }

  String message() {
    return next("msg_");
  }

  String functionCall() {
    return next("fc_");
  }

  String reasoning() {
    return next("rs_");
  }

  private String next(String prefix) {
    char[] out = new char[prefix.length() + 32];
    prefix.getChars(0, prefix.length(), out, 0);
    int at = prefix.length();
    for (int word = 0; word < 2; word++) {
      long bits = random.nextLong();
      for (int i = 0; i < 16; i++) {
        out[at++] = HEX[(int) (bits >>> (60 - 4 * i)) & 0xf];
      }
    }
    return new String(out);
  }
}
