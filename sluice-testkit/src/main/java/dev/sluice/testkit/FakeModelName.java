package dev.sluice.testkit;

import java.util.Locale;

/**
 * The fault knobs hidden in a requested model name (see {@link FakeOpenAiProvider} for the list). The model name is
 * the one field every client and the gateway pass through untouched, so a test picks a fault without any side
 * channel, as TensorZero's dummy provider does. Tokens are the name split on {@code -}, {@code _} and {@code /};
 * a knob's number is the token after it; unknown tokens ({@code gpt}, {@code 4o}) are ignored, so knobs combine
 * freely: {@code chunks-50-gap-10}, {@code gpt-4o-mini-slow-300}, {@code flaky429-1-retry-after-300}.
 *
 * @param errorStatus HTTP status to fail with, 0 for none
 * @param slowMillis delay before the response headers, 0 for none
 * @param gapMillis delay between stream events, 0 for back to back
 * @param chunks number of {@code tokN } content pieces to stream, -1 for the normal reply
 * @param inbandError a stream opens with 200 and its first event is an error; unary: a 500
 * @param emptyStream a stream carries only {@code [DONE]}; unary: a completion with no choices
 * @param flakyCount the first this many requests for the exact name fail with {@code flakyStatus}, 0 for none
 * @param flakyStatus 500 for {@code flaky-<n>}, 429 for {@code flaky429-<n>}
 * @param retryAfterMillis what a 429 answer announces in {@code retry-after-ms} (and, rounded up to seconds, in
 *     {@code Retry-After})
 * @param contextLength answer 400 {@code context_length_exceeded}
 * @param midstreamErrorAfter stream: content chunks before an in-band error event, -1 for none
 * @param dieAfter stream: content chunks before the connection is reset, -1 for none
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
    boolean echo,
    boolean inbandError,
    boolean emptyStream,
    int flakyCount,
    int flakyStatus,
    long retryAfterMillis,
    boolean contextLength,
    int midstreamErrorAfter,
    int dieAfter) {

  /** Caps {@code chunks-N} so a typo cannot make the fake build a reply bigger than the heap. */
  static final int MAX_CHUNKS = 1_000_000;
  /** What a 429 announces without {@code retry-after-<ms>}: upstream's usual one second. */
  static final long DEFAULT_RETRY_AFTER_MILLIS = 1_000;
  /** {@code midstream-error} and {@code die-after} without a number: after one content chunk, like truncate. */
  static final int DEFAULT_CHUNKS_BEFORE_FAULT = 1;

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
    boolean inbandError = false;
    boolean emptyStream = false;
    int flakyCount = 0;
    int flakyStatus = 500;
    long retryAfter = DEFAULT_RETRY_AFTER_MILLIS;
    boolean contextLength = false;
    int midstreamErrorAfter = -1;
    int dieAfter = -1;
    for (int i = 0; i < tokens.length; i++) {
      String next = token(tokens, i + 1);
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
        case "inband" -> {
          if (next.equals("error")) {
            inbandError = true;
            i++; // this "error" names no status
          }
        }
        case "empty" -> emptyStream = next.equals("stream");
        case "flaky", "flaky429" -> {
          flakyCount = (int) Math.min(number(next, 0), Integer.MAX_VALUE);
          flakyStatus = tokens[i].equals("flaky") ? 500 : 429;
        }
        case "retry" -> {
          if (next.equals("after") && number(token(tokens, i + 2), -1) >= 0) {
            retryAfter = number(token(tokens, i + 2), -1);
            i += 2;
          }
        }
        case "context" -> contextLength = next.equals("length");
        case "midstream" -> {
          if (next.equals("error")) {
            midstreamErrorAfter = chunksBeforeFault(tokens, i + 2);
            i++; // this "error" names no status (midstream-error-500 is 500 chunks, not a 500)
          }
        }
        case "die" -> {
          if (next.equals("after")) {
            dieAfter = chunksBeforeFault(tokens, i + 2);
            i++;
          }
        }
        default -> { /* an ordinary part of a model name */ }
      }
    }
    // An out-of-range status would make Vert.x throw; such a name is just a name.
    if (errorStatus < 400 || errorStatus > 599) {
      errorStatus = 0;
    }
    return new FakeModelName(name, errorStatus, slow, gap, chunks, stall, stallMidstream, truncate, malformed,
        wrongContentType, name.toLowerCase(Locale.ROOT).contains("echo"), inbandError, emptyStream, flakyCount,
        flakyStatus, retryAfter, contextLength, midstreamErrorAfter, dieAfter);
  }

  /** The {@code retry-after} header value: whole seconds, rounded up. */
  long retryAfterSeconds() {
    return Math.ceilDiv(retryAfterMillis, 1000);
  }

  private static int chunksBeforeFault(String[] tokens, int index) {
    return (int) Math.min(number(token(tokens, index), DEFAULT_CHUNKS_BEFORE_FAULT), MAX_CHUNKS);
  }

  private static String token(String[] tokens, int index) {
    return index < tokens.length ? tokens[index] : "";
  }

  private static long number(String token, long fallback) {
    try {
      return Math.max(0, Long.parseLong(token));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
