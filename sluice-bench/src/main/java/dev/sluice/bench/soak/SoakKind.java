package dev.sluice.bench.soak;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The kinds of request the soak mixes, each with what a correct answer looks like. Three kinds are faults on
 * purpose; their failures are expected and counted apart from unexpected ones (which must stay at zero).
 */
enum SoakKind {
  /** OpenAI unary chat on the passthrough path: 200 with a choice. */
  CHAT(7, false),
  /** OpenAI stream, 20 pieces 10 ms apart: 200, every piece, then {@code [DONE]}. */
  STREAM(5, false),
  /** Anthropic Messages, unary, on the Anthropic fake: 200 {@code "type":"message"}. */
  MESSAGES(2, false),
  /** Anthropic Messages stream: 200 ending with {@code message_stop}. */
  MESSAGES_STREAM(2, false),
  /**
   * The virtual model whose first deployment fails (500 or 429, queued on the flaky fake just before the send): the
   * gateway must fall back, so the client still sees a 200.
   */
  FALLBACK(2, false),
  /** The upstream resets the connection after 5 pieces: the client must see an in-band error and no [DONE]. */
  MIDSTREAM_DROP(1, true),
  /**
   * The client resets its connection after 5 events of a stream (20 pieces 50 ms apart): the gateway must clean up
   * and bill it.
   */
  CLIENT_DISCONNECT(1, true);

  /** Slots out of {@link #CYCLE_LENGTH} in the repeating pattern. */
  final int share;
  /** Whether this kind's requests end in a failure by design. */
  final boolean faultByDesign;

  SoakKind(int share, boolean faultByDesign) {
    this.share = share;
    this.faultByDesign = faultByDesign;
  }

  static final int CYCLE_LENGTH = 20;

  /**
   * A fixed pattern of {@link #CYCLE_LENGTH} kinds (shuffled once with a fixed seed, so neighbours differ), repeated:
   * every window then holds the same share of each kind, and a change in the error rate between windows is the
   * gateway's doing, not sampling noise.
   */
  static List<SoakKind> cycle() {
    List<SoakKind> slots = new ArrayList<>();
    for (SoakKind k : values()) {
      for (int i = 0; i < k.share; i++) {
        slots.add(k);
      }
    }
    if (slots.size() != CYCLE_LENGTH) {
      throw new IllegalStateException("shares must add up to " + CYCLE_LENGTH + ": " + slots.size());
    }
    Collections.shuffle(slots, new Random(7));
    return List.copyOf(slots);
  }

  /** Share of all requests that fail by design. */
  static double faultShare() {
    int n = 0;
    for (SoakKind k : values()) {
      if (k.faultByDesign) {
        n += k.share;
      }
    }
    return (double) n / CYCLE_LENGTH;
  }
}
