package dev.sluice.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class JournalTest {
  @TempDir Path dir;

  private static byte[] line(JournalEntry entry) {
    return JournalCodec.encode(entry);
  }

  private List<JournalEntry> readAll(Journal journal, long fromSegment) throws Exception {
    Position end = journal.barrier().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    JournalReader reader = new JournalReader(dir);
    return reader.read(new Position(fromSegment, 0), end, Integer.MAX_VALUE).entries();
  }

  @Test
  void entriesComeBackInOrder() throws Exception {
    try (Journal journal = Journal.open(dir, 16 << 20)) {
      List<JournalEntry> written = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        JournalEntry e = i % 2 == 0 ? Attempts.started("r", "req_" + i) : Attempts.ended("r", "req_" + (i - 1));
        written.add(e);
        journal.append(line(e), i % 2 == 0);
      }
      assertThat(readAll(journal, 1)).containsExactlyElementsOf(written);
    }
  }

  @Test
  void rotatesSegmentsAndTheReaderCrossesThem() throws Exception {
    try (Journal journal = Journal.open(dir, 4096)) {
      List<JournalEntry> written = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        JournalEntry e = Attempts.ended("r", "req_" + i);
        written.add(e);
        journal.append(line(e), true).await();
      }
      assertThat(readAll(journal, 1)).containsExactlyElementsOf(written);
      assertThat(Segments.list(dir)).hasSizeGreaterThan(5);
      for (long n : Segments.list(dir)) {
        assertThat(Files.size(Segments.path(dir, n))).isLessThanOrEqualTo(4096);
      }
    }
  }

  /** Many concurrent appends all come back, and are forced together: far fewer fsyncs than entries. */
  @Test
  void concurrentAppendsAreAllKeptAndForcedTogether() throws Exception {
    int threads = 32;
    int perThread = 200;
    try (Journal journal = Journal.open(dir, 16 << 20)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<CompletableFuture<Void>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(CompletableFuture.runAsync(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          for (int i = 0; i < perThread; i++) {
            journal.append(line(Attempts.started("r", "req_" + thread + "_" + i)), true).await();
          }
        }, pool));
      }
      go.countDown();
      CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
      pool.shutdown();
      int entries = threads * perThread;
      assertThat(readAll(journal, 1)).hasSize(entries).doesNotHaveDuplicates();
      System.out.printf("concurrent appends: %d entries, %d fsyncs%n", entries, journal.forces());
      assertThat(journal.forces()).isLessThan(entries / 2);
    }
  }

  @Test
  void beginCompletesOnTheCallersContext() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (Journal journal = Journal.open(dir, 16 << 20)) {
      Context context = vertx.getOrCreateContext();
      CompletableFuture<Boolean> sameContext = new CompletableFuture<>();
      context.runOnContext(v -> journal.append(line(Attempts.started("r", "req_1")), true)
          .onComplete(done -> sameContext.complete(Vertx.currentContext() == context)));
      assertThat(sameContext.get(5, TimeUnit.SECONDS)).isTrue();
    } finally {
      vertx.close().await();
    }
  }

  /** A crash mid-write leaves a partial last line in the dead run's last segment: skipped, not fatal. */
  @Test
  void aTornLastLineIsSkippedAndACorruptLineInTheMiddleIsLoggedAndSkipped() throws Exception {
    byte[] a = line(Attempts.ended("old", "req_a"));
    byte[] b = line(Attempts.ended("old", "req_b"));
    byte[] c = line(Attempts.ended("old", "req_c"));
    Files.write(Segments.path(dir, 1), concat(a, "{\"t\":\"record\",garbage}\n".getBytes(StandardCharsets.UTF_8), b,
        java.util.Arrays.copyOf(c, c.length / 2)));
    try (Journal journal = Journal.open(dir, 16 << 20)) {
      assertThat(journal.firstSegment()).isEqualTo(2);
      journal.append(line(Attempts.ended("new", "req_d")), false);
      Position end = journal.barrier().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      JournalReader reader = new JournalReader(dir);
      JournalReader.Chunk chunk = reader.read(new Position(1, 0), end, 100);
      assertThat(chunk.entries()).extracting(JournalEntry::id).containsExactly("req_a#1", "req_b#1", "req_d#1");
      assertThat(chunk.end()).isEqualTo(end);
      assertThat(reader.corruptLines.get()).isEqualTo(1);
      assertThat(reader.tornTails.get()).isEqualTo(1);
    }
  }

  /** An entry bigger than a segment gets a segment of its own; the ones around it stay in order. */
  @Test
  void anEntryBiggerThanASegmentFitsInOneOfItsOwn() throws Exception {
    try (Journal journal = Journal.open(dir, 4096)) {
      JournalEntry small = Attempts.ended("r", "req_small");
      JournalEntry big = Attempts.ended("r", "req_" + "x".repeat(10_000));
      journal.append(line(small), true);
      journal.append(line(big), true);
      journal.append(line(small), true);
      assertThat(readAll(journal, 1)).containsExactly(small, big, small);
    }
  }

  /**
   * Segments are created full of zero bytes. A cleanly sealed segment's zero tail is unwritten space, not a torn
   * line; a process killed mid-copy leaves part of a line followed by zeros: torn, skipped, and the reader goes on.
   */
  @Test
  void zeroBytesAreUnwrittenSpaceAndALineCutByThemIsTorn() throws Exception {
    byte[] a = line(Attempts.ended("old", "req_a"));
    byte[] b = line(Attempts.ended("old", "req_b"));
    byte[] c = line(Attempts.ended("old", "req_c"));
    Files.write(Segments.path(dir, 1), concat(a, new byte[300], b, new byte[5000]));
    Files.write(Segments.path(dir, 2), concat(a, java.util.Arrays.copyOf(c, c.length / 2), new byte[1000], b,
        new byte[100]));
    try (Journal journal = Journal.open(dir, 16 << 20)) {
      assertThat(journal.firstSegment()).isEqualTo(3);
      journal.append(line(Attempts.ended("new", "req_d")), false);
      Position end = journal.barrier().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      JournalReader reader = new JournalReader(dir);
      JournalReader.Chunk chunk = reader.read(new Position(1, 0), end, 100);
      assertThat(chunk.entries()).extracting(JournalEntry::id)
          .containsExactly("req_a#1", "req_b#1", "req_a#1", "req_b#1", "req_d#1");
      assertThat(chunk.end()).isEqualTo(end);
      assertThat(reader.corruptLines.get()).isZero();
      assertThat(reader.tornTails.get()).isEqualTo(1);
    }
  }

  /** What a closed journal leaves: segments the next run reads, no spare, every entry back in order. */
  @Test
  void reopeningReadsWhatTheLastRunWroteAcrossRotations() throws Exception {
    List<JournalEntry> written = new ArrayList<>();
    try (Journal journal = Journal.open(dir, 4096)) {
      for (int i = 0; i < 100; i++) {
        JournalEntry e = Attempts.ended("r", "req_" + i);
        written.add(e);
        journal.append(line(e), false);
      }
    }
    assertThat(Files.exists(dir.resolve(Journal.SPARE))).isFalse();
    try (Journal journal = Journal.open(dir, 4096)) {
      assertThat(readAll(journal, 1)).containsExactlyElementsOf(written);
    }
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
