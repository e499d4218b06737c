package dev.sluice.server.budget;

import static dev.sluice.server.budget.Fixture.CENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.budget.BudgetPeriod;
import dev.sluice.core.error.GatewayException;
import dev.sluice.server.admission.Budgets.Reservation;
import dev.sluice.server.admission.RequestScopes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6: "a test fires 1,000 concurrent requests against a budget that fits exactly N; exactly N are served
 * and the overspend is 0" (the check-then-act race of litellm#34732 is what this pins).
 */
class BudgetConcurrencyTest {
  private static final int THREADS = 1_000;
  private static final int N = 137;
  private static final long WORST = 3 * CENT + 7; // an odd amount: no rounding can hide an extra admission

  @TempDir Path dir;
  Fixture f;

  @BeforeEach
  void setUp() {
    f = new Fixture(dir);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void exactlyNOfAThousandConcurrentReservationsFitAndFreedRoomAdmitsExactlyThatMuchMore() throws Exception {
    f.budget("team:ml", BudgetPeriod.MONTHLY, N * WORST);
    f.credits.add("acme", 10_000 * CENT, null, Fixture.T0); // a second cap every request must also fit
    BudgetService s = f.start();
    RequestScopes scopes = Fixture.request("key_a", null, "ml", "acme", Map.of());

    List<Reservation> admitted = race(s, scopes);

    assertThat(admitted).hasSize(N);
    assertThat(window(s)).isEqualTo(new long[] {0, N * WORST}); // overspend 0: settled + reserved = limit
    assertThat(s.credits("acme").reservedNanos()).isEqualTo(N * WORST);

    // 40 requests cost half their worst case: 20 worst cases of room come back, and exactly 20 more fit
    for (Reservation r : admitted.subList(0, 40)) {
      r.settle(WORST / 2);
    }
    long freed = 40 * (WORST - WORST / 2);
    int expectedMore = (int) (freed / WORST);
    List<Reservation> more = race(s, scopes);

    assertThat(more).hasSize(expectedMore);
    long[] w = window(s);
    assertThat(w[0]).isEqualTo(40 * (WORST / 2));
    assertThat(w[1]).isEqualTo((N - 40 + expectedMore) * WORST);
    assertThat(w[0] + w[1]).isLessThanOrEqualTo(N * WORST);

    admitted.subList(40, N).forEach(Reservation::release);
    more.forEach(Reservation::release);
    assertThat(window(s)).isEqualTo(new long[] {40 * (WORST / 2), 0});
    assertThat(s.credits("acme").reservedNanos()).isZero();
  }

  /** THREADS threads released together at a barrier, each reserving WORST once; the ones admitted. */
  private static List<Reservation> race(BudgetService s, RequestScopes scopes) throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(THREADS);
    ConcurrentLinkedQueue<Reservation> admitted = new ConcurrentLinkedQueue<>();
    AtomicInteger refused = new AtomicInteger();
    List<Thread> threads = new ArrayList<>(THREADS);
    for (int i = 0; i < THREADS; i++) {
      Thread t = new Thread(() -> {
        try {
          start.await();
          admitted.add(s.reserve(scopes, WORST, false));
        } catch (GatewayException e) {
          refused.incrementAndGet();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          done.countDown();
        }
      });
      t.start();
      threads.add(t);
    }
    start.countDown();
    done.await();
    assertThat(admitted.size() + refused.get()).isEqualTo(THREADS);
    return new ArrayList<>(admitted);
  }

  private static long[] window(BudgetService s) {
    BudgetService.WindowSpend w = s.budgets().getFirst().windows().getFirst();
    return new long[] {w.settledNanos(), w.reservedNanos()};
  }
}
