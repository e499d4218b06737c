package dev.sluice.server.limit;

import static dev.sluice.server.limit.LimitKind.CONCURRENCY;
import static dev.sluice.server.limit.LimitKind.RPM;
import static dev.sluice.server.limit.Rules.request;
import static dev.sluice.server.limit.Rules.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.admission.RateLimits.Permit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Real threads against one bucket: the per-bucket atomic update is all that keeps them honest. */
class RateLimitConcurrencyTest {
  private static final int THREADS = 200;

  @Test
  void twoHundredThreadsNeverHaveMoreThanFiveInFlight() throws Exception {
    InMemoryLimitStore store = new InMemoryLimitStore();
    RateLimitService service = new RateLimitService(
        () -> List.of(rule("c", "team:ml", CONCURRENCY, 5)), store, new TestClock());
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    AtomicInteger admitted = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    runTogether(() -> {
      for (int attempt = 0; attempt < 50; attempt++) {
        Permit p = service.acquire(request("key_" + Thread.currentThread().threadId(), "ml"), 0);
        if (!p.allowed()) {
          refused.incrementAndGet();
          Thread.onSpinWait();
          continue;
        }
        admitted.incrementAndGet();
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(50)); // the "upstream call"
        inFlight.decrementAndGet(); // before the slot is freed, or a successor could be counted with us
        p.complete(0);
      }
    });
    assertThat(maxInFlight.get()).isBetween(1, 5);
    assertThat(admitted.get()).isPositive();
    assertThat(refused.get()).isPositive();
    assertThat(store.inFlight("c")).as("every slot released").isZero();
    assertThat(store.concurrencyKeyCount()).isZero();
  }

  @Test
  void twoHundredThreadsAtOneInstantGetExactlyTheBurst() throws Exception {
    RateLimitService service = new RateLimitService(
        () -> List.of(rule("r", "team:ml", RPM, 50)), new InMemoryLimitStore(), new TestClock());
    AtomicInteger admitted = new AtomicInteger();
    runTogether(() -> {
      for (int attempt = 0; attempt < 5; attempt++) {
        if (service.acquire(request("key_a", "ml"), 0).allowed()) {
          admitted.incrementAndGet();
        }
      }
    });
    assertThat(admitted.get()).isEqualTo(50);
  }

  private static void runTogether(Runnable body) throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < THREADS; i++) {
      Thread t = Thread.ofPlatform().start(() -> {
        try {
          start.await();
          body.run();
        } catch (Throwable e) {
          failures.add(e);
        }
      });
      threads.add(t);
    }
    start.countDown();
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(60));
    }
    assertThat(failures).isEmpty();
  }
}
