package dev.sluice.core.dialect.openai;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Replaces a few byte ranges of a body in one copy: how the passthrough edits a client's JSON (the model
 * name, {@code stream_options}, members only the gateway reads) while every other byte, key order and number
 * spelling stays the client's.
 */
final class BodySplice {
  /** Replace {@code [start, end)} with {@code replacement}; {@code start == end} inserts. */
  record Edit(int start, int end, byte[] replacement) {}

  /** One member of a JSON object in the body: from its key's opening quote to just past its value. */
  record Member(int start, int end) {}

  private static final byte[] NOTHING = new byte[0];
  /** By position; an insertion sorts before a deletion that starts where it does. */
  private static final Comparator<Edit> IN_BODY_ORDER =
      Comparator.comparingInt(Edit::start).thenComparingInt(Edit::end);

  private BodySplice() {}

  /** Applies non-overlapping edits, in any order; returns {@code body} itself when there are none. */
  static byte[] apply(byte[] body, Edit... edits) {
    if (edits.length == 0) {
      return body;
    }
    if (edits.length > 1) {
      edits = edits.clone();
      Arrays.sort(edits, IN_BODY_ORDER);
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

  /**
   * Deletions that remove {@code members} (of one object, in body order) with exactly one comma each, so
   * the object stays valid JSON and the rest keeps its layout. A member followed by a comma goes with that
   * comma and the whitespace up to the next key ({@code "x":1, "a":2} → {@code "a":2}, the indentation
   * before {@code "x"} now indenting {@code "a"}); the last member goes with the comma before it and the
   * whitespace back to the previous value. Adjacent deleted members become one edit, so a run reaching the
   * end of the object takes the comma before the run, and no comma is claimed twice.
   */
  static Edit[] deleteMembers(byte[] body, List<Member> members) {
    List<Edit> edits = new ArrayList<>(members.size());
    for (Member m : members) {
      Edit previous = edits.isEmpty() ? null : edits.get(edits.size() - 1);
      boolean joinsPrevious = previous != null && previous.end() == m.start();
      int runStart = joinsPrevious ? previous.start() : m.start();
      if (joinsPrevious) {
        edits.remove(edits.size() - 1);
      }
      int after = RequestWalker.skipWhitespace(body, m.end());
      if (after < body.length && body[after] == ',') {
        edits.add(new Edit(runStart, RequestWalker.skipWhitespace(body, after + 1), NOTHING));
        continue;
      }
      int before = RequestWalker.skipWhitespaceBack(body, runStart - 1);
      int start = body[before] == ',' ? RequestWalker.skipWhitespaceBack(body, before - 1) + 1 : runStart;
      edits.add(new Edit(start, m.end(), NOTHING)); // start == runStart: the object had nothing else
    }
    return edits.toArray(Edit[]::new);
  }
}
