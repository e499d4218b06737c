package dev.sluice.server.ledger;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;

/**
 * Takes the page faults of a journal segment on the syncer thread, ahead of the appenders.
 *
 * <p>The first store into each page of a shared file mapping faults, and on ext4 that fault
 * ({@code page_mkwrite}) updates the file's mtime and opens a journal handle, which can wait for a jbd2 commit. In
 * a JFR profile of the benchmark at c=32 those faults were 8% of the event loops' samples, all inside the
 * appender's one {@code ByteBuffer.put}; with the journal on tmpfs they vanished. So each syncer pass touches the
 * pages ahead of the append position (up to {@link #AHEAD} bytes ahead) with a store, and the appender finds them
 * mapped writable.
 *
 * <p>The touch is an atomic add of zero to the page's first int: it faults the page in for writing and never
 * changes a byte, so even an appender that has already reached that page (a large entry, a slow pass) loses
 * nothing. Pages already appended to and forced ({@code msync}) are write-protected again by the kernel; only the
 * partly filled page at the end faults once more on the appender, once per pass.
 */
final class Prefault {
  /** How far ahead of the append position pages are touched: about 100 ms of appends at 10,000 requests/s. */
  static final int AHEAD = 1 << 20;
  private static final int PAGE = 4096;
  private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

  private MappedByteBuffer map;
  private int touchedTo;

  /**
   * Touches the pages of {@code segment} that start after {@code position} and below {@code position + AHEAD},
   * skipping those touched by an earlier call for the same mapping. Syncer thread only.
   *
   * @return how many pages were touched
   */
  int ahead(MappedByteBuffer segment, int position) {
    if (segment != map) {
      map = segment;
      touchedTo = 0;
    }
    int to = (int) Math.min(segment.capacity(), (long) position + AHEAD);
    int page = Math.max(touchedTo, (position / PAGE + 1) * PAGE);
    int pages = 0;
    for (; page + Integer.BYTES <= to; page += PAGE) {
      INTS.getAndAdd(segment, page, 0);
      pages++;
    }
    touchedTo = Math.max(touchedTo, page); // the first page not touched yet
    return pages;
  }
}
