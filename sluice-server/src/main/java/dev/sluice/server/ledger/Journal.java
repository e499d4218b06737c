package dev.sluice.server.ledger;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only journal writer: callers enqueue encoded lines, one thread writes them (group commit).
 *
 * <p>The writer drains whatever has queued up while it was busy and writes it with one {@code write()}: many
 * entries, one system call. Only then does it complete the waiting {@link #append} futures, each on the
 * caller's Vert.x context. Once {@code write()} has returned, the bytes are in the operating system's page
 * cache: they survive the death of this process (kill -9, an OOM kill, a JVM crash), because the kernel, not
 * the JVM, owns them now. They do not yet survive a power loss or a kernel panic; {@code force()} does that.
 *
 * <p>A second thread, the {@link Syncer}, calls {@code FileChannel.force(false)} whenever something has been
 * written since its last force: at most once per batch and, under load, once per several batches, never per
 * entry. Keeping the force off the writer thread means a waiting {@code begin} pays for one {@code write()}, not
 * for a disk flush (an fsync measured 0.14 ms p50 / 0.8 ms p99 on the CI disk, and can take 10 ms or more on
 * network block storage). The price is a bounded window: a power loss can lose what was written since the last
 * completed force, about one fsync's time of entries. A process kill loses nothing a completed future promised.
 *
 * <p>Each process writes its own segments: at start it takes the number after the highest on disk (see
 * {@link Segments}), and rotates to the next one past {@link LedgerOptions#segmentBytes()} (a batch is never
 * split, so a segment can exceed that by one batch). So a line torn by a
 * crash can only be at the end of an earlier run's last segment, and every entry of an earlier run sits in
 * segments numbered below {@link #firstSegment()}.
 */
final class Journal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
  private static final int MAX_BATCH = 4096;

  /** One queued line; {@code promise} is null for records (nobody waits on them). */
  private record Pending(byte[] line, Context context, Promise<Void> promise) {}

  private static final Pending STOP = new Pending(new byte[0], null, null);

  private final Path dir;
  private final Segments.Lock lock;
  private final long segmentBytes;
  private final long firstSegment;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private final Syncer syncer;
  private volatile boolean closed;
  private volatile boolean failing;
  private volatile FileChannel channel;
  private volatile Position committed;
  private long segment;
  private long position;

  final AtomicLong queued = new AtomicLong();
  final AtomicLong entriesWritten = new AtomicLong();
  final AtomicLong batches = new AtomicLong();
  final AtomicLong writeFailures = new AtomicLong();
  final AtomicLong bytesOnDisk = new AtomicLong();

  private Journal(Path dir, Segments.Lock lock, long segmentBytes, long firstSegment) throws IOException {
    this.dir = dir;
    this.lock = lock;
    this.segmentBytes = segmentBytes;
    this.firstSegment = firstSegment;
    this.segment = firstSegment;
    this.channel = create(firstSegment);
    this.committed = new Position(firstSegment, 0);
    this.syncer = new Syncer(() -> channel, writeFailures);
    this.writer = new Thread(this::writeLoop, "sluice-journal-writer");
    writer.setDaemon(true);
  }

  /**
   * Opens a new segment after every one on disk and starts the writer and syncer threads.
   *
   * @throws IllegalStateException when another process (or ledger) has this journal open: two shippers would
   *     each take the other's unfinished attempts for a dead run's
   */
  static Journal open(Path dir, long segmentBytes) {
    try {
      Files.createDirectories(dir);
      Segments.Lock lock = Segments.lock(dir);
      List<Long> existing = Segments.list(dir);
      long first = existing.isEmpty() ? 1 : existing.getLast() + 1;
      Journal journal;
      try {
        journal = new Journal(dir, lock, segmentBytes, first);
      } catch (IOException | RuntimeException e) {
        lock.close();
        throw e;
      }
      for (long n : existing) {
        journal.bytesOnDisk.addAndGet(Segments.size(dir, n));
      }
      journal.writer.start();
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

  /** The end of the last batch written: everything before it is in the page cache, on whole lines. */
  Position committed() {
    return committed;
  }

  /**
   * Queues a line. With {@code await}, the future completes, on the caller's Vert.x context when there is one,
   * once the line is written. It never fails: while the journal cannot write (disk full, I/O error), futures
   * complete at once and the entries wait in memory for the disk to come back (fail open: the gateway keeps
   * serving, the {@code writeFailures} counter and the log say why).
   */
  Future<Void> append(byte[] line, boolean await) {
    if (closed) {
      LOG.warn("usage journal is closed; an entry written after close is lost");
      return Future.succeededFuture();
    }
    Promise<Void> promise = await && !failing ? Promise.promise() : null;
    queued.incrementAndGet();
    queue.add(new Pending(line, promise == null ? null : Vertx.currentContext(), promise));
    return promise == null ? Future.succeededFuture() : promise.future();
  }

  /** A future completed once everything queued before it is written; for flushes in tests and at close. */
  Future<Position> barrier() {
    Promise<Void> promise = Promise.promise();
    if (closed) {
      return Future.succeededFuture(committed);
    }
    queue.add(new Pending(null, null, promise));
    return promise.future().map(v -> committed);
  }

  /** Writes what is queued, forces it and stops both threads. Entries appended later are dropped (logged). */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.add(STOP);
    join(writer);
    syncer.stop();
    try {
      channel.force(false);
      channel.close();
      lock.close();
    } catch (IOException e) {
      LOG.warn("closing the usage journal: {}", e.toString());
    }
  }

  private void writeLoop() {
    List<Pending> batch = new ArrayList<>();
    ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    boolean stop = false;
    while (!stop) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      queue.drainTo(batch, MAX_BATCH - 1);
      stop = batch.remove(STOP);
      queue.drainTo(batch); // after STOP: appends that raced with close; write them too
      batch.remove(STOP);
      buffer = fill(buffer, batch);
      write(buffer, batch);
      complete(batch);
      batch.clear();
    }
  }

  private static ByteBuffer fill(ByteBuffer buffer, List<Pending> batch) {
    int size = 0;
    for (Pending p : batch) {
      size += p.line() == null ? 0 : p.line().length;
    }
    if (size > buffer.capacity()) {
      buffer = ByteBuffer.allocateDirect(Integer.highestOneBit(size) << 1);
    }
    buffer.clear();
    for (Pending p : batch) {
      if (p.line() != null) {
        buffer.put(p.line());
      }
    }
    return buffer.flip();
  }

  /** Writes the batch, retrying (the entries are only in memory) with a growing pause while the disk fails. */
  private void write(ByteBuffer buffer, List<Pending> batch) {
    int entries = (int) batch.stream().filter(p -> p.line() != null).count();
    if (entries == 0) {
      return;
    }
    long pauseMillis = 50;
    int failures = 0;
    while (true) {
      try {
        if (position > 0 && position + buffer.remaining() > segmentBytes) {
          rotate();
        }
        long start = position;
        try {
          while (buffer.hasRemaining()) {
            position += channel.write(buffer, position); // positional: a retry overwrites a partial write
          }
        } catch (IOException e) {
          position = start;
          truncate(start); // a half-written batch left behind would be a torn line mid-segment
          throw e;
        }
        break;
      } catch (IOException e) {
        writeFailures.incrementAndGet();
        if (closed && ++failures >= 3) {
          LOG.error("usage journal closing while it cannot write to {}: {} entries lost: {}", dir, entries,
              e.toString());
          queued.addAndGet(-entries);
          return;
        }
        if (!failing) {
          LOG.error("usage journal cannot write to {}; entries wait in memory and attempts proceed: {}", dir,
              e.toString());
          failing = true;
          complete(batch); // fail open: never hold a request on a broken disk
        }
        buffer.rewind();
        sleep(pauseMillis);
        pauseMillis = Math.min(pauseMillis * 2, 2000);
      }
    }
    if (failing) {
      failing = false;
      LOG.warn("usage journal writes again to {}", dir);
    }
    committed = new Position(segment, position);
    bytesOnDisk.addAndGet(buffer.limit());
    entriesWritten.addAndGet(entries);
    queued.addAndGet(-entries);
    batches.incrementAndGet();
    syncer.written();
  }

  private void rotate() throws IOException {
    FileChannel old = channel;
    old.force(false); // a sealed segment is complete on disk before the next one takes entries
    FileChannel next = FileChannel.open(Segments.path(dir, segment + 1), StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE); // exists only if a rotation failed
    Segments.syncDirectory(dir);
    channel = next;
    segment++;
    position = 0;
    old.close(); // the syncer may be inside old.force(): it sees ClosedChannelException and moves on
  }

  private FileChannel create(long number) throws IOException {
    FileChannel created = FileChannel.open(Segments.path(dir, number), StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE);
    Segments.syncDirectory(dir);
    return created;
  }

  private void truncate(long size) {
    try {
      channel.truncate(size);
    } catch (IOException e) {
      LOG.debug("cannot truncate the journal after a failed write: {}", e.toString());
    }
  }

  /** Completes the batch's futures with one task per Vert.x context, not one per entry. */
  private static void complete(List<Pending> batch) {
    Map<Context, List<Promise<Void>>> byContext = new IdentityHashMap<>();
    for (Pending p : batch) {
      if (p.promise() == null) {
        continue;
      }
      if (p.context() == null) {
        p.promise().tryComplete();
      } else {
        byContext.computeIfAbsent(p.context(), c -> new ArrayList<>()).add(p.promise());
      }
    }
    byContext.forEach((context, promises) -> context.runOnContext(v -> promises.forEach(Promise::tryComplete)));
  }

  long forces() {
    return syncer.forces.get();
  }

  void deleted(long bytes) {
    bytesOnDisk.addAndGet(-bytes);
  }

  private static void join(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
