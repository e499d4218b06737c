package dev.sluice.core.dialect.openai;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Replaces a few byte ranges of a body in one copy: how the passthrough edits a client's JSON (the model
 * name, {@code stream_options}) while every other byte, key order and number spelling stays the client's.
 */
final class BodySplice {
  /** Replace {@code [start, end)} with {@code replacement}; {@code start == end} inserts. */
  record Edit(int start, int end, byte[] replacement) {}

  private BodySplice() {}

  /** Applies non-overlapping edits, in any order; returns {@code body} itself when there are none. */
  static byte[] apply(byte[] body, Edit... edits) {
    if (edits.length == 0) {
      return body;
    }
    if (edits.length > 1) {
      edits = edits.clone();
      Arrays.sort(edits, Comparator.comparingInt(Edit::start));
    }
    int size = body.length;
    for (Edit e : edits) {
      size += e.replacement().length - (e.end() - e.start());
    }
    byte[] out = new byte[size];
    int from = 0;
    int at = 0;
    for (Edit e : edits) {
      int keep = e.start() - from;
      System.arraycopy(body, from, out, at, keep);
      at += keep;
      System.arraycopy(e.replacement(), 0, out, at, e.replacement().length);
      at += e.replacement().length;
      from = e.end();
    }
    System.arraycopy(body, from, out, at, body.length - from);
    return out;
  }
}
