package dev.sluice.server.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Journal segment files: {@code segment-000001.jsonl}, numbered upwards and never reused. The numbers only
 * grow: the segment a checkpoint names is never deleted (only those before it are), so the highest file on
 * disk is always at or after the checkpoint and a new run numbering from it cannot land behind it.
 */
final class Segments {
  private static final Pattern NAME = Pattern.compile("segment-(\\d{6,})\\.jsonl");

  private Segments() {}

  static String fileName(long segment) {
    return String.format("segment-%06d.jsonl", segment);
  }

  static Path path(Path dir, long segment) {
    return dir.resolve(fileName(segment));
  }

  /** The segment numbers present, ascending. */
  static List<Long> list(Path dir) {
    List<Long> numbers = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(file -> {
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (m.matches()) {
          numbers.add(Long.parseLong(m.group(1)));
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the journal directory " + dir, e);
    }
    numbers.sort(null);
    return numbers;
  }

  /** The first segment present after {@code segment}, if any. */
  static OptionalLong after(Path dir, long segment) {
    return list(dir).stream().mapToLong(Long::longValue).filter(n -> n > segment).findFirst();
  }

  static long size(Path dir, long segment) {
    try {
      return Files.size(path(dir, segment));
    } catch (IOException e) {
      return 0;
    }
  }

  /** The journal directory's lock: one process per journal. */
  record Lock(FileChannel file, FileLock lock) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      lock.release();
      file.close();
    }
  }

  /**
   * Locks the journal directory for this process; the OS releases it when the process dies, kill -9 included.
   *
   * @throws IllegalStateException when another process (or ledger) holds it: two shippers on one journal would
   *     each take the other's unfinished attempts for a dead run's
   */
  static Lock lock(Path dir) throws IOException {
    FileChannel file = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = file.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      file.close();
      throw new IllegalStateException("the usage journal " + dir + " is in use by another Sluice process;"
          + " give each gateway its own SLUICE_DATA_DIR");
    }
    return new Lock(file, lock);
  }

  /** Makes a new file's directory entry durable: without it a power loss can lose a whole fresh segment. */
  static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some file systems refuse to open a directory; the file's own force still covers its content.
    }
  }
}
