package dev.sluice.core.route;

import static dev.sluice.core.route.Specs.dep;
import static dev.sluice.core.route.Specs.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class DeploymentHealthTest {
  private static final DeploymentSpec A = dep("openai/a");

  private final MutableClock clock = MutableClock.atEpoch();
  private final DeploymentHealth health =
      new DeploymentHealth(clock, new CircuitSettings(3, Duration.ofSeconds(30), 1), Duration.ofSeconds(10));

  private void attemptFails(FailureClass kind) {
    health.started(A.id());
    health.failed(A.id(), kind, null);
  }

  private void attemptSucceeds() {
    health.started(A.id());
    health.succeeded(A.id(), 100, -1, 10);
  }

  @Test
  void anUnseenDeploymentIsAvailableAndUnmeasured() {
    assertThat(health.unavailableReason(A)).isNull();
    assertThat(health.inflight(A.id())).isZero();
    assertThat(health.latencyMillis(A.id())).isEmpty();
    assertThat(health.tokensPerSecond(A.id())).isEmpty();
    assertThat(health.snapshot()).isEmpty();
  }

  @Test
  void opensAfterThresholdConsecutiveFailuresAndStaysOpenForOpenFor() {
    attemptFails(FailureClass.SERVER_ERROR);
    attemptFails(FailureClass.TIMEOUT);
    assertThat(health.unavailableReason(A)).isNull();
    attemptFails(FailureClass.CONNECT);
    assertThat(health.unavailableReason(A)).isEqualTo("circuit open for 30s");
    clock.advance(Duration.ofSeconds(20));
    assertThat(health.unavailableReason(A)).isEqualTo("circuit open for 10s");
    clock.advance(Duration.ofSeconds(10));
    assertThat(health.unavailableReason(A)).isNull(); // half-open: one probe may go
  }

  @Test
  void aSuccessBetweenFailuresResetsTheCount() {
    attemptFails(FailureClass.SERVER_ERROR);
    attemptFails(FailureClass.SERVER_ERROR);
    attemptSucceeds();
    attemptFails(FailureClass.SERVER_ERROR);
    attemptFails(FailureClass.SERVER_ERROR);
    assertThat(health.unavailableReason(A)).isNull();
  }

  @Test
  void halfOpenLetsExactlyTheProbesThroughThenClosesOnSuccess() {
    DeploymentHealth twoProbes =
        new DeploymentHealth(clock, new CircuitSettings(1, Duration.ofSeconds(5), 2), Duration.ofSeconds(10));
    twoProbes.started(A.id());
    twoProbes.failed(A.id(), FailureClass.SERVER_ERROR, null);
    clock.advance(Duration.ofSeconds(5));
    assertThat(twoProbes.snapshot().get(0).circuit()).isEqualTo("half-open");
    twoProbes.started(A.id());
    assertThat(twoProbes.unavailableReason(A)).isNull();
    twoProbes.started(A.id());
    assertThat(twoProbes.unavailableReason(A)).isEqualTo("half-open, probe in flight");
    twoProbes.succeeded(A.id(), 50, -1, 0);
    assertThat(twoProbes.unavailableReason(A)).isNull();
    assertThat(twoProbes.snapshot().get(0).circuit()).isEqualTo("closed");
  }

  @Test
  void aFailedProbeReopensTheCircuit() {
    for (int i = 0; i < 3; i++) {
      attemptFails(FailureClass.SERVER_ERROR);
    }
    clock.advance(Duration.ofSeconds(30));
    attemptFails(FailureClass.EMPTY_STREAM);
    assertThat(health.unavailableReason(A)).isEqualTo("circuit open for 30s");
  }

  @Test
  void requestFaultsNeverOpenTheCircuit() {
    for (int i = 0; i < 10; i++) {
      attemptFails(FailureClass.CLIENT_ERROR);
      attemptFails(FailureClass.CONTEXT_LENGTH);
    }
    assertThat(health.unavailableReason(A)).isNull();
    assertThat(health.snapshot().get(0).consecutiveFailures()).isZero();
  }

  @Test
  void a429WithRetryAfterCoolsDownForExactlyThatLong() {
    health.started(A.id());
    health.failed(A.id(), FailureClass.RATE_LIMITED, 2_500L);
    assertThat(health.unavailableReason(A)).isEqualTo("rate limited for 3s (Retry-After)");
    clock.advance(Duration.ofMillis(2_499));
    assertThat(health.unavailableReason(A)).isEqualTo("rate limited for 1s (Retry-After)");
    clock.advance(Duration.ofMillis(1));
    assertThat(health.unavailableReason(A)).isNull();
  }

  @Test
  void a429WithoutRetryAfterCoolsDownForTheConfiguredTime() {
    health.started(A.id());
    health.failed(A.id(), FailureClass.RATE_LIMITED, null);
    assertThat(health.unavailableReason(A)).isEqualTo("rate limited for 10s (cooldown)");
    assertThat(health.snapshot().get(0).cooldownUntil()).isEqualTo(clock.instant().plusSeconds(10));
    clock.advance(Duration.ofSeconds(10));
    assertThat(health.unavailableReason(A)).isNull();
    assertThat(health.snapshot().get(0).cooldownUntil()).isNull();
  }

  @Test
  void repeated429sOpenTheCircuit() {
    for (int i = 0; i < 3; i++) {
      health.started(A.id());
      health.failed(A.id(), FailureClass.RATE_LIMITED, 0L);
    }
    assertThat(health.unavailableReason(A)).startsWith("circuit open");
  }

  @Test
  void latencyIsAnEwmaOfTtftForStreamsAndTotalOtherwise() {
    health.started(A.id());
    health.succeeded(A.id(), 100, -1, 0);
    assertThat(health.latencyMillis(A.id())).hasValue(100.0);
    health.started(A.id());
    health.succeeded(A.id(), 5_000, 200, 0); // stream: time to first token counts
    assertThat(health.latencyMillis(A.id()).getAsDouble()).isCloseTo(0.3 * 200 + 0.7 * 100, within(1e-9));
    assertThat(health.tokensPerSecond(A.id())).isEmpty(); // no tokens yet
  }

  @Test
  void throughputIsAnEwmaOfTokensPerSecondOfGeneration() {
    health.started(A.id());
    health.succeeded(A.id(), 2_000, -1, 100); // 50 tok/s
    health.started(A.id());
    health.succeeded(A.id(), 1_500, 500, 100); // stream: 100 tokens over the 1 s after the first
    assertThat(health.tokensPerSecond(A.id()).getAsDouble()).isCloseTo(0.3 * 100 + 0.7 * 50, within(1e-9));
  }

  @Test
  void maxConcurrentHoldsTheDeploymentOutWhileFull() {
    DeploymentSpec capped = spec("openai/a").maxConcurrent(2).build();
    health.started(capped.id());
    assertThat(health.unavailableReason(capped)).isNull();
    health.started(capped.id());
    assertThat(health.unavailableReason(capped)).isEqualTo("at max_concurrent 2");
    assertThat(health.inflight(capped.id())).isEqualTo(2);
    health.released(capped.id());
    assertThat(health.unavailableReason(capped)).isNull();
    assertThat(health.unavailableReason(spec("openai/zero").maxConcurrent(0).build()))
        .isEqualTo("at max_concurrent 0");
  }

  @Test
  void snapshotShowsEachDeploymentById() {
    health.started("z/b");
    health.started(A.id());
    health.succeeded(A.id(), 80, -1, 8);
    for (int i = 0; i < 3; i++) {
      health.started("z/b");
      health.failed("z/b", FailureClass.SERVER_ERROR, null);
    }
    List<DeploymentHealth.DeploymentState> states = health.snapshot();
    assertThat(states).containsExactly(
        new DeploymentHealth.DeploymentState(A.id(), "closed", 0, null, null, 0, 80.0, 100.0),
        new DeploymentHealth.DeploymentState("z/b", "open", 3, clock.instant().plusSeconds(30), null, 1, null, null));
  }

  @Test
  void concurrentReportsKeepInflightExact() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    try {
      for (int t = 0; t < 8; t++) {
        done.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < 10_000; i++) {
            health.started(A.id());
            health.released(A.id());
          }
          health.started(A.id());
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(health.inflight(A.id())).isEqualTo(8);
  }
}
