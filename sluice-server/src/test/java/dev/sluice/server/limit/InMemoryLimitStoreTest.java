package dev.sluice.server.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.limit.Gcra;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryLimitStoreTest {
  private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private final InMemoryLimitStore store = new InMemoryLimitStore();
  private final long now = TestClock.START;

  @Test
  void aBucketHoldsItsLimitAtOnceThenRefillsEvenly() {
    for (int i = 0; i < 60; i++) {
      assertThat(store.take("b", 1, 60, MINUTE, now).allowed()).isTrue();
    }
    Gcra.Result refused = store.take("b", 1, 60, MINUTE, now);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfterNanos()).isEqualTo(SECOND);
    assertThat(store.take("b", 1, 60, MINUTE, now + SECOND).allowed()).isTrue();
  }

  @Test
  void aRefusedTakeOnANewBucketLeavesNothingBehind() {
    assertThat(store.take("b", 61, 60, MINUTE, now).allowed()).isFalse();
    assertThat(store.bucketCount()).isZero();
  }

  @Test
  void aRefundBackToFullForgetsTheBucket() {
    store.take("b", 10, 60, MINUTE, now);
    store.refund("b", 4, 60, MINUTE, now);
    assertThat(store.liveBuckets(now)).containsEntry("b", now + 6 * SECOND);
    store.refund("b", 6, 60, MINUTE, now);
    assertThat(store.bucketCount()).isZero();
    store.refund("absent", 6, 60, MINUTE, now); // nothing to give back to: a full bucket stays full
    assertThat(store.bucketCount()).isZero();
  }

  @Test
  void aDebitPushesTheBucketPastItsLimit() {
    store.debit("b", 90, 60, MINUTE, now);
    assertThat(store.liveBuckets(now)).containsEntry("b", now + 90 * SECOND);
    Gcra.Result refused = store.take("b", 0, 60, MINUTE, now);
    assertThat(refused.allowed()).as("even a zero-cost take waits for the debt").isFalse();
    assertThat(refused.retryAfterNanos()).isEqualTo(30 * SECOND);
  }

  @Test
  void idleBucketsAreEvictedSoMemoryFollowsTheLiveOnes() {
    long t = now;
    int perRound = 1000;
    for (int round = 0; round < 100; round++) {
      for (int i = 0; i < perRound; i++) {
        store.take("r" + round + "-" + i, 1, 60, MINUTE, t); // full again one second later
      }
      assertThat(store.bucketCount()).isLessThanOrEqualTo(2 * InMemoryLimitStore.MIN_SWEEP_SIZE + perRound);
      t += 2 * SECOND;
    }
    assertThat(store.liveBuckets(t - 2 * SECOND)).hasSize(perRound);
    store.evictIdle(t);
    assertThat(store.bucketCount()).isZero();
  }

  @Test
  void concurrencySlotsAreCountedAndForgottenAtZero() {
    assertThat(store.acquire("c", 2)).isTrue();
    assertThat(store.acquire("c", 2)).isTrue();
    assertThat(store.acquire("c", 2)).isFalse();
    assertThat(store.inFlight("c")).isEqualTo(2);
    store.release("c");
    assertThat(store.acquire("c", 2)).isTrue();
    store.release("c");
    store.release("c");
    assertThat(store.concurrencyKeyCount()).isZero();
    store.release("c"); // a stray release does not go negative
    assertThat(store.inFlight("c")).isZero();
  }
}
