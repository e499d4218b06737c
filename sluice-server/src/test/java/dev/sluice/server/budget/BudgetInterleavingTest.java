package dev.sluice.server.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.budget.BudgetPeriod;
import dev.sluice.core.error.GatewayException;
import dev.sluice.server.admission.Budgets.Reservation;
import dev.sluice.server.admission.RequestScopes;
import dev.sluice.server.admission.ScopeType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of reserve/settle/release over random interleavings (a seeded generator; each seed is one case
 * and is named in the failure, so a failure replays): the service admits exactly when a reference model says
 * settled + reserved + worst case fits, settled + reserved never exceeds the limit while no request costs more
 * than its worst case, and once every reservation has ended only settled spend remains. jqwik is not on the
 * server module's test classpath; these are the same properties with a hand-rolled generator.
 */
class BudgetInterleavingTest {
  @TempDir static Path dir;
  static Fixture f;
  static BudgetService service;

  /** Limits to draw from, one {@code tag:limitN=*} budget each, so every case gets fresh windows cheaply. */
  static final long[] LIMITS = {1, 10, 999, 4_321, 3 * Fixture.CENT + 7, 100_000};
  static final Budget[] BUDGETS = new Budget[LIMITS.length];

  @BeforeAll
  static void start() {
    f = new Fixture(dir);
    for (int i = 0; i < LIMITS.length; i++) {
      BUDGETS[i] = f.budget("tag:limit" + i + "=*", BudgetPeriod.MONTHLY, LIMITS[i]);
    }
    service = f.start();
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  static LongStream seeds() {
    return LongStream.range(0, 300);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void anySequentialInterleavingMatchesTheModel(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int pick = random.nextInt(LIMITS.length);
    long limit = LIMITS[pick];
    String tag = "limit" + pick;
    RequestScopes scopes = Fixture.request("k", null, null, null, Map.of(tag, "seq-" + seed));
    String window = tag + "=seq-" + seed;
    record Live(Reservation r, long worst) {}
    List<Live> live = new ArrayList<>();
    long settled = 0;
    long reserved = 0;

    for (int step = 0; step < 200; step++) {
      int op = live.isEmpty() ? 0 : random.nextInt(3);
      if (op == 0) {
        long worst = random.nextLong(limit / 3 + 2);
        boolean fits = settled + reserved + worst <= limit;
        try {
          live.add(new Live(service.reserve(scopes, worst, false), worst));
          assertThat(fits).as("admitted although it does not fit").isTrue();
          reserved += worst;
        } catch (GatewayException e) {
          assertThat(fits).as("refused although it fits: " + e.getMessage()).isFalse();
        }
      } else {
        Live l = live.remove(random.nextInt(live.size()));
        reserved -= l.worst();
        if (op == 1) {
          long actual = random.nextLong(l.worst() + 1);
          l.r().settle(actual);
          settled += actual;
        } else {
          l.r().release();
        }
      }
      long[] w = window(window);
      assertThat(w).isEqualTo(new long[] {settled, reserved});
      assertThat(w[0] + w[1]).isLessThanOrEqualTo(limit);
    }
    for (Live l : live) {
      l.r().release();
    }
    assertThat(window(window)).isEqualTo(new long[] {settled, 0});
    assertListed(BUDGETS[pick], window, settled);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("threadSeeds")
  void concurrentInterleavingsNeverExceedTheLimitAndEndSettledOnly(long seed) throws Exception {
    long limit = LIMITS[5];
    Budget b = BUDGETS[5];
    String window = "limit5=par-" + seed;
    RequestScopes scopes = Fixture.request("k", null, null, null, Map.of("limit5", "par-" + seed));
    int workers = 8;
    long[] settledBy = new long[workers];
    CountDownLatch go = new CountDownLatch(1);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicReference<long[]> worst = new AtomicReference<>(new long[] {0, 0});
    Thread sampler = new Thread(() -> {
      while (running.get()) {
        long[] w = window(window);
        if (w[0] + w[1] > worst.get()[0] + worst.get()[1]) {
          worst.set(w);
        }
      }
    });
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < workers; t++) {
      int id = t;
      SplittableRandom random = new SplittableRandom(seed * 31 + t);
      threads.add(new Thread(() -> {
        List<long[]> mine = new ArrayList<>();
        List<Reservation> held = new ArrayList<>();
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int step = 0; step < 500; step++) {
          if (held.isEmpty() || random.nextInt(3) == 0) {
            long w = random.nextLong(1_000);
            try {
              held.add(service.reserve(scopes, w, false));
              mine.add(new long[] {w});
            } catch (GatewayException refused) {
              // full right now
            }
          } else {
            int i = random.nextInt(held.size());
            Reservation r = held.remove(i);
            long w = mine.remove(i)[0];
            if (random.nextBoolean()) {
              long actual = random.nextLong(w + 1);
              r.settle(actual);
              settledBy[id] += actual;
            } else {
              r.release();
            }
          }
        }
        held.forEach(Reservation::release);
      }));
    }
    sampler.start();
    threads.forEach(Thread::start);
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    running.set(false);
    sampler.join();

    assertThat(worst.get()[0] + worst.get()[1]).isLessThanOrEqualTo(limit);
    assertThat(window(window)).isEqualTo(new long[] {LongStream.of(settledBy).sum(), 0});
    assertListed(b, window, LongStream.of(settledBy).sum());
  }

  static LongStream threadSeeds() {
    return LongStream.range(0, 5);
  }

  /** {settled, reserved} of one tag value's window, as the admin API reads it. */
  private static long[] window(String scopeId) {
    BudgetService.Spend s = service.spend(new BudgetScope(ScopeType.TAG, scopeId), BudgetPeriod.MONTHLY);
    return new long[] {s.settledNanos(), s.reservedNanos()};
  }

  private static void assertListed(Budget budget, String scopeId, long settled) {
    assertThat(service.budgets().stream().filter(st -> st.budget().id().equals(budget.id())).findFirst()
        .orElseThrow().windows()).filteredOn(w -> w.scopeId().equals(scopeId))
        .singleElement().satisfies(w -> assertThat(new long[] {w.settledNanos(), w.reservedNanos()})
            .isEqualTo(new long[] {settled, 0}));
  }
}
