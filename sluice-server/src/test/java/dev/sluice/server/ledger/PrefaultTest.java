package dev.sluice.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrefaultTest {
  @TempDir
  Path dir;

  private MappedByteBuffer map(int size) throws Exception {
    Path file = dir.resolve("segment-" + size);
    Files.write(file, new byte[size]);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      return channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
    }
  }

  @Test
  void touchesThePagesAheadOfThePositionOnceAndStopsAtTheSegmentEnd() throws Exception {
    MappedByteBuffer segment = map(4 << 20);
    Prefault prefault = new Prefault();
    // From the page after the one holding position 100 to the last page starting below position + 1 MiB: 1..256.
    assertThat(prefault.ahead(segment, 100)).isEqualTo(256);
    // Already touched pages are not touched again; only the newly covered range.
    assertThat(prefault.ahead(segment, 100 + 8192)).isEqualTo(2);
    assertThat(prefault.ahead(segment, 100 + 8192)).isZero();
    // Near the end only what is left of the segment.
    assertThat(prefault.ahead(segment, (4 << 20) - 5000)).isEqualTo(1);
    // A new mapping (the next segment) starts over.
    assertThat(prefault.ahead(map(64 << 10), 0)).isEqualTo(15);
  }

  @Test
  void neverChangesAByteEvenWhileAnAppenderWritesTheSamePages() throws Exception {
    int size = 8 << 20;
    MappedByteBuffer segment = map(size);
    byte[] expected = new byte[size];
    Random random = new Random(7);
    Prefault prefault = new Prefault();
    Thread appender = new Thread(() -> {
      int at = 0;
      while (at < size) {
        int n = Math.min(size - at, 1 + random.nextInt(3000));
        byte[] line = new byte[n];
        for (int i = 0; i < n; i++) {
          line[i] = (byte) (1 + random.nextInt(255)); // never zero, like a journal line
        }
        segment.put(at, line);
        System.arraycopy(line, 0, expected, at, n);
        at += n;
      }
    });
    appender.start();
    // The syncer's view of the position lags the appender, so its touches land on pages being written.
    for (int position = 0; appender.isAlive(); position = Math.min(size - 1, position + 64 << 10)) {
      prefault.ahead(segment, Math.max(0, position - 200_000));
    }
    appender.join();
    byte[] actual = new byte[size];
    segment.get(0, actual);
    assertThat(Arrays.mismatch(actual, expected)).isEqualTo(-1);
  }
}
