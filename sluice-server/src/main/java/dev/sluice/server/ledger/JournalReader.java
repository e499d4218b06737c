package dev.sluice.server.ledger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads journal entries from a position up to a limit (the writer's committed position), across segments.
 * Lines up to the limit in the segment being written are always whole (the writer publishes the limit after
 * its copy is done). A sealed segment is read to its end. Segments are created full of zero bytes (see {@link
 * Journal}) and no entry contains one, so zero bytes are unwritten space and are passed over; bytes of a line cut
 * short by a zero byte or by the end of the file are a line torn by a crash mid-write and are skipped with a
 * warning. A line that is not a valid entry is logged and skipped: one
 * bad line must not stop every record after it from reaching the store.
 */
final class JournalReader {
  private static final Logger LOG = LoggerFactory.getLogger(JournalReader.class);

  /** What one read found: entries in journal order and the position just after the last line consumed. */
  record Chunk(List<JournalEntry> entries, int records, Position end) {}

  private final Path dir;
  final AtomicLong corruptLines = new AtomicLong();
  final AtomicLong tornTails = new AtomicLong();
  private ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);

  JournalReader(Path dir) {
    this.dir = dir;
  }

  /** Reads from {@code from}, stopping at {@code limit} or after {@code maxRecords} records. */
  Chunk read(Position from, Position limit, int maxRecords) throws IOException {
    List<JournalEntry> entries = new ArrayList<>();
    int records = 0;
    Position at = from;
    while (records < maxRecords && at.isBefore(limit)) {
      boolean sealed = at.segment() < limit.segment();
      long end = sealed ? Segments.size(dir, at.segment()) : limit.offset();
      long consumed = readLines(at, end, maxRecords - records, entries);
      records = (int) entries.stream().filter(e -> e instanceof JournalEntry.Ended).count();
      at = new Position(at.segment(), consumed);
      if (!sealed || consumed < end && records >= maxRecords) {
        break;
      }
      if (consumed < end) {
        tornTails.incrementAndGet();
        LOG.warn("usage journal {}: {} bytes after the last complete line (torn by a crash mid-write), skipped",
            Segments.fileName(at.segment()), end - consumed);
      }
      OptionalLong next = Segments.after(dir, at.segment());
      at = new Position(next.isPresent() ? next.getAsLong() : limit.segment(), 0);
    }
    return new Chunk(entries, records, at);
  }

  /** Reads whole lines of one segment in {@code [at, end)}; returns the offset after the last one consumed. */
  private long readLines(Position at, long end, int maxRecords, List<JournalEntry> out) throws IOException {
    long offset = at.offset();
    int records = 0;
    try (FileChannel channel = FileChannel.open(Segments.path(dir, at.segment()), StandardOpenOption.READ)) {
      while (offset < end && records < maxRecords) {
        buffer.clear();
        buffer.limit((int) Math.min(buffer.capacity(), end - offset));
        int n = channel.read(buffer, offset);
        if (n <= 0) {
          break;
        }
        byte[] bytes = buffer.array();
        int lineStart = 0;
        for (int i = 0; i < n && records < maxRecords; i++) {
          if (bytes[i] == 0) { // space never written (see Journal): not part of any entry
            if (i > lineStart) {
              tornTails.incrementAndGet();
              LOG.warn("usage journal {} at byte {}: {} bytes of a line torn by a crash mid-write, skipped",
                  Segments.fileName(at.segment()), offset + lineStart, i - lineStart);
            }
            lineStart = i + 1;
            continue;
          }
          if (bytes[i] != '\n') {
            continue;
          }
          JournalEntry entry = decode(bytes, lineStart, i - lineStart, at.segment(), offset + lineStart);
          if (entry != null) {
            out.add(entry);
            records += entry instanceof JournalEntry.Ended ? 1 : 0;
          }
          lineStart = i + 1;
        }
        if (lineStart == 0) {
          if (n == buffer.capacity()) {
            buffer = ByteBuffer.allocate(buffer.capacity() * 2); // a line longer than the buffer
            continue;
          }
          break; // no newline before end: a torn tail
        }
        offset += lineStart;
      }
    } catch (NoSuchFileException e) {
      return end; // deleted under us (cannot happen while we are the only deleter); nothing to read
    }
    return offset;
  }

  private JournalEntry decode(byte[] bytes, int start, int length, long segment, long offset) {
    if (length == 0) {
      return null;
    }
    try {
      return JournalCodec.decode(bytes, start, length);
    } catch (JournalCodec.MalformedEntryException e) {
      corruptLines.incrementAndGet();
      LOG.error("usage journal {} at byte {}: skipped a line that is not a valid entry ({})",
          Segments.fileName(segment), offset, e.getMessage());
      return null;
    }
  }
}
