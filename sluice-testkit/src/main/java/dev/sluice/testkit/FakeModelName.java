package dev.sluice.testkit;

import java.util.Locale;

/**
 * The fault knobs hidden in a requested model name (see {@link FakeOpenAiProvider} for the list). The model name is
 * the one field every client and the gateway pass through untouched, so a test picks a fault without any side
 * channel, as TensorZero's dummy provider does. Tokens are the name split on {@code -}, {@code _} and {@code /};
 * a knob's number is the token after it; unknown tokens ({@code gpt}, {@code 4o}) are ignored, so knobs combine
 * freely: {@code chunks-50-gap-10}, {@code gpt-4o-mini-slow-300}.
 *
 * @param errorStatus HTTP status to fail with, 0 for none
 * @param slowMillis delay before the response headers, 0 for none
 * @param gapMillis delay between stream events, 0 for back to back
 * @param chunks number of {@code tokN } content pieces to stream, -1 for the normal reply
 */
record FakeModelName(
    String name,
    int errorStatus,
    long slowMillis,
    long gapMillis,
    int chunks,
    boolean stall,
    boolean stallMidstream,
    boolean truncate,
    boolean malformed,
    boolean wrongContentType,
    boolean echo) {

  /** Caps {@code chunks-N} so a typo cannot make the fake build a reply bigger than the heap. */
  static final int MAX_CHUNKS = 1_000_000;

  static FakeModelName parse(String model) {
    String name = model == null ? "" : model;
    String[] tokens = name.toLowerCase(Locale.ROOT).split("[-_/]");
    int errorStatus = 0;
    long slow = 0;
    long gap = 0;
    int chunks = -1;
    boolean stall = false;
    boolean stallMidstream = false;
    boolean truncate = false;
    boolean malformed = false;
    boolean wrongContentType = false;
    for (int i = 0; i < tokens.length; i++) {
      String next = i + 1 < tokens.length ? tokens[i + 1] : "";
      switch (tokens[i]) {
        case "error" -> errorStatus = (int) number(next, 0);
        case "slow" -> slow = number(next, 0);
        case "gap" -> gap = number(next, 0);
        case "chunks" -> chunks = (int) Math.min(number(next, -1), MAX_CHUNKS);
        case "stall" -> {
          if (next.equals("midstream")) {
            stallMidstream = true;
          } else {
            stall = true;
          }
        }
        case "truncate" -> truncate = true;
        case "malformed" -> malformed = true;
        case "wrong" -> wrongContentType = next.equals("content");
        default -> { /* an ordinary part of a model name */ }
      }
    }
    // An out-of-range status would make Vert.x throw; such a name is just a name.
    if (errorStatus < 400 || errorStatus > 599) {
      errorStatus = 0;
    }
    return new FakeModelName(name, errorStatus, slow, gap, chunks, stall, stallMidstream, truncate, malformed,
        wrongContentType, name.toLowerCase(Locale.ROOT).contains("echo"));
  }

  private static long number(String token, long fallback) {
    try {
      return Math.max(0, Long.parseLong(token));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
