package dev.sluice.server.ledger;

/**
 * A place in the journal: a segment number and a byte offset in it, always at a line boundary. Ordered, so
 * "shipped up to" and "written up to" compare directly.
 */
record Position(long segment, long offset) implements Comparable<Position> {
  Position {
    if (segment < 1 || offset < 0) {
      throw new IllegalArgumentException("bad journal position " + segment + ":" + offset);
    }
  }

  @Override
  public int compareTo(Position other) {
    int bySegment = Long.compare(segment, other.segment);
    return bySegment != 0 ? bySegment : Long.compare(offset, other.offset);
  }

  boolean isBefore(Position other) {
    return compareTo(other) < 0;
  }

  @Override
  public String toString() {
    return Segments.fileName(segment) + "@" + offset;
  }
}
