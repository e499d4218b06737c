package dev.sluice.core.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  private final MutableClock clock = MutableClock.atEpoch();
  private final CircuitBreaker breaker = new CircuitBreaker(new CircuitSettings(3, Duration.ofSeconds(30), 2));

  private void fail(int times) {
    for (int i = 0; i < times; i++) {
      breaker.onFailure(clock.instant());
    }
  }

  @Test
  void opensOnlyAfterThresholdConsecutiveFailures() {
    fail(2);
    breaker.onSuccess();
    fail(2);
    assertThat(breaker.state(clock.instant())).isEqualTo(CircuitBreaker.State.CLOSED);
    fail(1);
    assertThat(breaker.state(clock.instant())).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(breaker.unavailableReason(clock.instant())).isEqualTo("circuit open for 30s");
  }

  @Test
  void turnsHalfOpenLazilyOnceOpenForHasPassed() {
    fail(3);
    clock.advance(Duration.ofMillis(29_001));
    assertThat(breaker.unavailableReason(clock.instant())).isEqualTo("circuit open for 1s");
    clock.advance(Duration.ofMillis(999));
    assertThat(breaker.state(clock.instant())).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    assertThat(breaker.unavailableReason(clock.instant())).isNull();
  }

  @Test
  void aFailedProbeReopensForAFreshPeriod() {
    fail(3);
    clock.advance(Duration.ofSeconds(30));
    breaker.onStart(clock.instant());
    clock.advance(Duration.ofSeconds(5));
    breaker.onFailure(clock.instant());
    assertThat(breaker.state(clock.instant())).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(breaker.openUntil(clock.instant())).isEqualTo(clock.instant().plusSeconds(30));
  }

  @Test
  void aLateFailureWhileOpenDoesNotExtendIt() {
    fail(3);
    var until = breaker.openUntil(clock.instant());
    clock.advance(Duration.ofSeconds(10));
    fail(1);
    assertThat(breaker.openUntil(clock.instant())).isEqualTo(until);
    assertThat(breaker.consecutiveFailures()).isEqualTo(4);
  }

  @Test
  void aNeutralEndFreesTheProbeSlot() {
    fail(3);
    clock.advance(Duration.ofSeconds(30));
    breaker.onStart(clock.instant());
    breaker.onStart(clock.instant());
    assertThat(breaker.unavailableReason(clock.instant())).isEqualTo("half-open, probe in flight");
    breaker.onNeutral(clock.instant());
    assertThat(breaker.unavailableReason(clock.instant())).isNull();
  }
}
