package dev.sluice.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Journal#tryAppend}, the fail-closed append: with the journal directory replaced by a file, the first
 * segment roll fails; from then on tryAppend refuses and keeps nothing (while {@link Journal#append} still keeps
 * entries in memory), and once the directory is back the journal proves it writes again by making the segment
 * the refused line needed, then everything appended reads back in order.
 */
@Timeout(30)
class JournalFailClosedTest {
  @TempDir Path root;

  @Test
  void tryAppendRefusesWhileNoSegmentCanBeMadeAndAcceptsOnceTheDirectoryIsBack() throws Exception {
    Path dir = root.resolve("journal");
    try (Journal journal = Journal.open(dir, 4096)) {
      Files.move(dir, root.resolve("away"));
      Files.writeString(dir, "not a directory");
      int accepted = 0;
      while (journal.tryAppend(JournalCodec.encode(Attempts.started("r", "req_" + accepted)))) {
        accepted++;
        assertThat(accepted).as("a 4 KiB segment fills").isLessThan(100);
      }
      assertThat(journal.failing()).isTrue();
      assertThat(journal.writeFailures.get()).isPositive();
      long queuedBefore = journal.queued.get();
      assertThat(journal.tryAppend(JournalCodec.encode(Attempts.started("r", "refused")))).isFalse();
      assertThat(journal.queued.get()).as("a refused line is not kept").isEqualTo(queuedBefore);
      journal.append(JournalCodec.encode(Attempts.ended("r", "req_0")), false); // a begun attempt's record waits
      assertThat(journal.queued.get()).isEqualTo(queuedBefore + 1);

      Files.delete(dir);
      Files.move(root.resolve("away"), dir);
      await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> !journal.failing());
      assertThat(journal.tryAppend(JournalCodec.encode(Attempts.started("r", "after")))).isTrue();

      Position end = journal.barrier().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      List<JournalEntry> read = new JournalReader(dir).read(new Position(1, 0), end, Integer.MAX_VALUE).entries();
      assertThat(read).hasSize(accepted + 2);
      assertThat(read.get(accepted)).isEqualTo(Attempts.ended("r", "req_0"));
      assertThat(read.get(accepted + 1)).isEqualTo(Attempts.started("r", "after"));
    }
  }
}
