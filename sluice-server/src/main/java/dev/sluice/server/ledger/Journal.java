package dev.sluice.server.ledger;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only journal: entries are copied straight into a memory-mapped segment by the calling thread.
 *
 * <p>A segment is a file created at its full size ({@link LedgerOptions#segmentBytes()}), filled with zero bytes
 * (so its blocks are allocated up front: a store into the mapping can never fault for want of disk space) and
 * mapped {@code READ_WRITE}, {@code MAP_SHARED}. An append takes a short lock, copies the encoded line (JSON,
 * newline-terminated, never containing a zero byte) at the next free offset, and publishes the new end as
 * {@link #committed()}. A shared file mapping <em>is</em> the page cache: once the copy has returned, the bytes
 * belong to the kernel and survive the death of this process (kill -9, an OOM kill, a JVM crash) exactly as a
 * {@code write()} would. So {@link #append} completes at once, on the caller's thread, with no hand-off to another
 * thread and no system call: that is the whole point of this design.
 *
 * <p>A power loss or kernel panic is another matter: the {@link Syncer} forces ({@code msync}) the range appended
 * since its last pass, at most every {@link Syncer#MIN_FORCE_INTERVAL_NANOS} (10 ms). A power loss can lose what
 * was appended since the last completed force: about the last 10 ms of entries. A process kill loses nothing an
 * append returned.
 *
 * <p>Where valid data ends: unwritten space is zero bytes, and the reader treats a zero byte as a separator, never
 * as part of an entry (see {@link JournalReader}). The lock makes copies sequential, so within the segment being
 * written every byte below {@link #committed()} is a whole line; a process killed mid-copy leaves at most one
 * partial line, followed by zeros, at the end of its last segment.
 *
 * <p>Each process writes its own segments: at start it takes the number after the highest on disk (see {@link
 * Segments}), and moves to the next one when an entry does not fit (a segment is never larger than
 * {@code segmentBytes}, except one made for a single bigger entry). So a line torn by a crash can only be in an
 * earlier run's segments, and every entry of an earlier run sits in segments numbered below {@link #firstSegment()}.
 * The syncer keeps the next segment ready under the name {@value #SPARE} (not a segment name, so readers and
 * restarts ignore it); moving to it is a rename. The syncer forces a sealed segment fully before forcing the next
 * one, then unmaps it.
 *
 * <p>When no segment can be created (disk full, I/O error), {@link #append}ed entries wait in memory, appends still
 * complete at once, and the syncer retries with a growing pause; the {@code writeFailures} counter and the log say
 * why. {@link #tryAppend} refuses instead, for a ledger that fails closed ({@code ledger.on_journal_failure}).
 */
final class Journal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
  static final String SPARE = "next.spare";
  private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1 << 20).asReadOnlyBuffer();

  /** A mapped segment file; {@code number} is 0 for the spare. */
  private record Segment(long number, FileChannel channel, MappedByteBuffer map) {
    int size() {
      return map.capacity();
    }
  }

  private final Path dir;
  private final Segments.Lock lock;
  private final int segmentBytes;
  private final long firstSegment;
  private final Syncer syncer;
  private final Object appendLock = new Object();

  // guarded by appendLock
  private boolean closed;
  private Segment current;
  private int position;
  private Segment spare;
  private final ArrayDeque<byte[]> backlog = new ArrayDeque<>();
  /** The size of the largest line {@link #tryAppend} refused since the journal last wrote; 0 when none. */
  private int refusedBytes;
  private final List<Promise<Position>> barriers = new ArrayList<>();

  private volatile Position committed;
  private volatile boolean failing;
  private volatile boolean closing;
  private volatile boolean spareWanted = true;
  private volatile boolean directoryDirty;
  private final ConcurrentLinkedQueue<Segment> sealed = new ConcurrentLinkedQueue<>();

  // syncer thread only
  private Segment forcedSegment;
  private int forcedOffset;
  private volatile Position forced;
  private long retryAtNanos;
  private long retryPauseMillis = 50;
  private long spareAtNanos;

  final AtomicLong queued = new AtomicLong();
  final AtomicLong entriesWritten = new AtomicLong();
  final AtomicLong batches = new AtomicLong();
  final AtomicLong writeFailures = new AtomicLong();
  final AtomicLong bytesOnDisk = new AtomicLong();

  private Journal(Path dir, Segments.Lock lock, long segmentBytes, long firstSegment) throws IOException {
    this.dir = dir;
    this.lock = lock;
    this.segmentBytes = (int) Math.min(Math.max(segmentBytes, 4096), Integer.MAX_VALUE - 8);
    this.firstSegment = firstSegment;
    this.current = create(Segments.path(dir, firstSegment), firstSegment, this.segmentBytes, true);
    Segments.syncDirectory(dir);
    this.committed = new Position(firstSegment, 0);
    this.forced = committed;
    this.syncer = new Syncer(this::syncPass, this::syncPending);
  }

  /**
   * Opens a new segment after every one on disk and starts the syncer thread.
   *
   * @throws IllegalStateException when another process (or ledger) has this journal open: two shippers would
   *     each take the other's unfinished attempts for a dead run's
   */
  static Journal open(Path dir, long segmentBytes) {
    try {
      Files.createDirectories(dir);
      Segments.Lock lock = Segments.lock(dir);
      Journal journal;
      try {
        Files.deleteIfExists(dir.resolve(SPARE)); // an earlier run's: never holds an entry while named so
        List<Long> existing = Segments.list(dir);
        long first = existing.isEmpty() ? 1 : existing.getLast() + 1;
        journal = new Journal(dir, lock, segmentBytes, first);
        for (long n : existing) {
          journal.bytesOnDisk.addAndGet(Segments.size(dir, n));
        }
      } catch (IOException | RuntimeException e) {
        lock.close();
        throw e;
      }
      journal.bytesOnDisk.addAndGet(journal.segmentBytes);
      journal.syncer.start();
      return journal;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the usage journal in " + dir, e);
    }
  }

  Path dir() {
    return dir;
  }

  /** The first segment this process writes; every lower one belongs to an earlier run. */
  long firstSegment() {
    return firstSegment;
  }

  /** The end of the last entry appended: everything before it is in the page cache, on whole lines. */
  Position committed() {
    return committed;
  }

  /**
   * Appends a line (a whole encoded entry, newline included). When this returns, the line is in the page cache
   * (survives a kill of this process), so the future is always already complete; {@code await} is kept for
   * callers that state their intent. It never fails: while no segment can be created (disk full, I/O error), the
   * line waits in memory for the disk to come back (fail open).
   */
  Future<Void> append(byte[] line, boolean await) {
    synchronized (appendLock) {
      if (closed) {
        LOG.warn("usage journal is closed; an entry written after close is lost");
        return Future.succeededFuture();
      }
      if (!backlog.isEmpty() || !place(line)) {
        backlog.add(line);
        queued.incrementAndGet();
      }
    }
    syncer.poke();
    return Future.succeededFuture();
  }

  /**
   * Appends a line only if it goes to disk now: false, and nothing kept, while the journal cannot write (or still
   * holds a backlog from then). For a caller that fails closed: it refuses its request instead of keeping the
   * entry in memory, so an attempt never starts without its start entry in the page cache.
   */
  boolean tryAppend(byte[] line) {
    synchronized (appendLock) {
      if (closed) {
        return false;
      }
      if (!backlog.isEmpty() || failing || !place(line)) {
        refusedBytes = Math.max(refusedBytes, line.length);
        return false;
      }
    }
    syncer.poke();
    return true;
  }

  /** Whether the journal cannot write at the moment (appends wait in memory, {@link #tryAppend} refuses). */
  boolean failing() {
    return failing;
  }

  /** A future completed with a position once everything appended before it is in the journal file. */
  Future<Position> barrier() {
    synchronized (appendLock) {
      if (closed || backlog.isEmpty()) {
        return Future.succeededFuture(committed);
      }
      Promise<Position> promise = Promise.promise();
      barriers.add(promise);
      return promise.future();
    }
  }

  /** Stops the syncer (which forces what was appended), then unmaps and closes. Later appends are dropped (logged). */
  @Override
  public void close() {
    synchronized (appendLock) {
      if (closing) {
        return;
      }
      closing = true; // the syncer's last pass retries a backlog at once
    }
    syncer.stop();
    synchronized (appendLock) {
      closed = true;
      if (!backlog.isEmpty()) {
        LOG.error("usage journal closing while it cannot write to {}: {} entries lost", dir, backlog.size());
        queued.addAndGet(-backlog.size());
        backlog.clear();
      }
      barriers.forEach(p -> p.tryComplete(committed));
      barriers.clear();
      release(current, true);
      current = null;
      if (spare != null) {
        release(spare, false);
        spare = null;
        try {
          Files.deleteIfExists(dir.resolve(SPARE));
        } catch (IOException e) {
          LOG.debug("cannot delete the spare journal segment: {}", e.toString());
        }
      }
    }
    try {
      lock.close();
    } catch (IOException e) {
      LOG.warn("closing the usage journal: {}", e.toString());
    }
  }

  /** Copies a line into the current segment, moving to the next one when it does not fit. False: no segment. */
  private boolean place(byte[] line) {
    if (position + line.length > current.size()) {
      if (!rotate(line.length)) {
        return false;
      }
    }
    current.map().put(position, line);
    position += line.length;
    committed = new Position(current.number(), position);
    entriesWritten.incrementAndGet();
    batches.incrementAndGet();
    return true;
  }

  /** Seals the current segment and makes the next one current; false (and failing) when it cannot. */
  private boolean rotate(int minSize) {
    long number = current.number() + 1;
    Path path = Segments.path(dir, number);
    Segment next = null;
    if (spare != null && spare.size() >= minSize) {
      try {
        Files.move(dir.resolve(SPARE), path, StandardCopyOption.ATOMIC_MOVE);
        next = new Segment(number, spare.channel(), spare.map());
      } catch (IOException e) {
        LOG.warn("cannot rename the spare journal segment: {}", e.toString());
        release(spare, false);
      }
      spare = null;
      spareWanted = true;
    }
    if (next == null) {
      try {
        next = create(path, number, Math.max(segmentBytes, minSize), false);
      } catch (IOException e) {
        writeFailures.incrementAndGet();
        if (!failing) {
          LOG.error("usage journal cannot write to {}; entries wait in memory until it can: {}", dir, e.toString());
          failing = true;
        }
        return false;
      }
    }
    sealed.add(current);
    current = next;
    position = 0;
    committed = new Position(number, 0);
    bytesOnDisk.addAndGet(next.size());
    directoryDirty = true;
    return true;
  }

  /** Whether the syncer has anything to do. */
  private boolean syncPending() {
    return !committed.equals(forced) || !sealed.isEmpty() || directoryDirty || failing
        || spareWanted && System.nanoTime() - spareAtNanos >= 0;
  }

  /**
   * The syncer's pass, in this order: force and unmap sealed segments, make new segment names durable, force the
   * current segment's new range, prepare a spare, retry a backlog.
   */
  private void syncPass() {
    for (Segment s = sealed.peek(); s != null; s = sealed.peek()) {
      release(s, true);
      sealed.poll();
      if (forcedSegment == s) {
        forcedSegment = null;
      }
    }
    if (directoryDirty) {
      directoryDirty = false;
      Segments.syncDirectory(dir);
    }
    Segment segment;
    Position upTo;
    synchronized (appendLock) {
      segment = current;
      upTo = committed;
    }
    if (segment != null && upTo.segment() == segment.number()) {
      int from = forcedSegment == segment ? forcedOffset : 0;
      int to = (int) upTo.offset();
      if (to > from && force(segment, from, to - from)) {
        forcedSegment = segment;
        forcedOffset = to;
      }
      forced = upTo;
    }
    if (spareWanted && System.nanoTime() - spareAtNanos >= 0) {
      prepareSpare();
    }
    if (failing && (closing || System.nanoTime() - retryAtNanos >= 0)) {
      retryBacklog();
    }
  }

  private void prepareSpare() {
    Segment made;
    try {
      made = create(dir.resolve(SPARE), 0, segmentBytes, false);
    } catch (IOException e) {
      writeFailures.incrementAndGet();
      LOG.warn("cannot prepare the next usage journal segment (retrying in 1 s): {}", e.toString());
      spareAtNanos = System.nanoTime() + 1_000_000_000L;
      return;
    }
    synchronized (appendLock) {
      if (spare == null && !closed) {
        spare = made;
        spareWanted = false;
        return;
      }
    }
    release(made, false);
  }

  private void retryBacklog() {
    List<Promise<Position>> done = List.of();
    boolean drained;
    synchronized (appendLock) {
      while (!backlog.isEmpty() && place(backlog.peek())) {
        backlog.poll();
        queued.decrementAndGet();
      }
      drained = backlog.isEmpty();
      // Only refused lines since the failure (fail closed): an empty backlog proves nothing, so the disk must
      // show it is back by taking the segment the refused line needed.
      if (drained && refusedBytes > 0 && current != null && position + refusedBytes > current.size()) {
        drained = rotate(refusedBytes);
      }
      if (drained) {
        refusedBytes = 0;
        failing = false;
        LOG.warn("usage journal writes again to {}", dir);
        done = List.copyOf(barriers);
        barriers.clear();
      }
    }
    if (drained) {
      retryPauseMillis = 50;
      Position at = committed;
      done.forEach(p -> p.tryComplete(at));
    } else {
      retryAtNanos = System.nanoTime() + retryPauseMillis * 1_000_000L;
      retryPauseMillis = Math.min(retryPauseMillis * 2, 2000);
    }
  }

  private boolean force(Segment segment, int from, int length) {
    try {
      segment.map().force(from, length);
      syncer.forces.incrementAndGet();
      return true;
    } catch (UncheckedIOException e) {
      writeFailures.incrementAndGet();
      LOG.error("usage journal cannot force its segment to disk: {}", e.toString());
      return false;
    }
  }

  /** Forces (optionally), closes and unmaps a segment no appender can reach any more. */
  private void release(Segment segment, boolean force) {
    if (force) {
      force(segment, 0, segment.size());
    }
    try {
      segment.channel().close();
    } catch (IOException e) {
      LOG.debug("closing a journal segment: {}", e.toString());
    }
    unmap(segment.map());
  }

  /** Creates a file of {@code size} zero bytes and maps it. */
  private static Segment create(Path path, long number, int size, boolean createNew) throws IOException {
    FileChannel channel = FileChannel.open(path, createNew ? StandardOpenOption.CREATE_NEW
        : StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    try {
      ByteBuffer zeros = ZEROS.duplicate();
      long at = 0;
      while (at < size) {
        zeros.clear().limit((int) Math.min(zeros.capacity(), size - at));
        while (zeros.hasRemaining()) {
          at += channel.write(zeros, at);
        }
      }
      return new Segment(number, channel, channel.map(FileChannel.MapMode.READ_WRITE, 0, size));
    } catch (IOException | RuntimeException e) {
      channel.close();
      Files.deleteIfExists(path);
      throw e;
    }
  }

  long forces() {
    return syncer.forces.get();
  }

  void deleted(long bytes) {
    bytesOnDisk.addAndGet(-bytes);
  }

  private static final Object UNSAFE;
  private static final Method INVOKE_CLEANER;

  static {
    Object unsafe = null;
    Method invokeCleaner = null;
    try {
      Class<?> type = Class.forName("sun.misc.Unsafe");
      Field field = type.getDeclaredField("theUnsafe");
      field.setAccessible(true);
      unsafe = field.get(null);
      invokeCleaner = type.getMethod("invokeCleaner", ByteBuffer.class);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("cannot unmap journal segments explicitly; the garbage collector will: {}", e.toString());
    }
    UNSAFE = unsafe;
    INVOKE_CLEANER = invokeCleaner;
  }

  /**
   * Unmaps now rather than when the buffer is collected, so a shipped and deleted segment frees its disk space at
   * once. Only for a mapping no thread can touch any more (a store into an unmapped buffer crashes the JVM).
   */
  private static void unmap(MappedByteBuffer map) {
    if (INVOKE_CLEANER == null) {
      return;
    }
    try {
      INVOKE_CLEANER.invoke(UNSAFE, map);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("cannot unmap a journal segment: {}", e.toString());
    }
  }
}
