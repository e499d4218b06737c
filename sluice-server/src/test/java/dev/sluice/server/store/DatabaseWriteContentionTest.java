package dev.sluice.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.budget.BudgetPeriod;
import dev.sluice.server.budget.BudgetRepository;
import dev.sluice.server.budget.BudgetScope;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read-then-write transactions on one SQLite file from many threads at once (the admin API setting budgets
 * while the ledger shipper commits). A deferred transaction that read first fails with SQLITE_BUSY_SNAPSHOT
 * when another writer commits in between; every write here must succeed.
 */
class DatabaseWriteContentionTest {
  @Test
  void concurrentReadThenWriteTransactionsAllCommit(@TempDir Path dir) throws Exception {
    Database db = Database.open("sqlite:" + dir.resolve("sluice.db"));
    BudgetRepository budgets = new BudgetRepository(db);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        writes.add(pool.submit(() -> {
          for (int i = 0; i < 40; i++) {
            BudgetScope scope = BudgetScope.parse("team:t" + thread + "-" + (i % 5));
            budgets.set(scope, BudgetPeriod.MONTHLY, 1_000L + i, false, Instant.now());
          }
          return null;
        }));
      }
      for (Future<?> write : writes) {
        write.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(budgets.list()).hasSize(8 * 5);
    // The last write to scope t-k was i = 35 + k.
    assertThat(budgets.list()).allSatisfy(b -> {
      int k = Integer.parseInt(b.scope().id().substring(b.scope().id().indexOf('-') + 1));
      assertThat(b.limitNanos()).isEqualTo(1_035L + k);
    });
  }
}
