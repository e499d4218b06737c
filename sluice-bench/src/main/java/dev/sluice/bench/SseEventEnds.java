package dev.sluice.bench;

/**
 * Finds where SSE events end (a blank line; {@code \r} ignored, so CRLF framing counts too) one character at a
 * time, as bodies arrive in arbitrary pieces. The benchmark ({@link LoadGen}) and the soak both count events
 * this way, so the rule lives in one place.
 */
public final class SseEventEnds {
  private boolean prevNewline;

  /** Feeds one character of the body; true when it completes an event (the second of two newlines). */
  public boolean endsEvent(int c) {
    if (c == '\r') {
      return false;
    }
    if (c != '\n') {
      prevNewline = false;
      return false;
    }
    if (prevNewline) {
      prevNewline = false;
      return true;
    }
    prevNewline = true;
    return false;
  }
}
