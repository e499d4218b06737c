package dev.sluice.core.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AttemptPolicyTest {
  private static final Duration PLENTY = Duration.ofMinutes(5);

  private final AttemptPolicy twoRetries =
      new AttemptPolicy(2, Duration.ofMillis(100), Duration.ofSeconds(2), new Random(1));

  private static AttemptFailure failure(FailureClass kind) {
    return new AttemptFailure(kind, null, false);
  }

  // rung 1: bytes already went to the client

  @Test
  void afterBytesReachedTheClientItStopsUnlessContinuationIsOn() {
    AttemptFailure midStream = failure(FailureClass.MID_STREAM);
    assertThat(twoRetries.decide(midStream, 1, true, false, PLENTY))
        .isEqualTo(new Decision.Stop("bytes already sent to the client"));
    assertThat(twoRetries.decide(midStream, 1, true, true, PLENTY)).isEqualTo(new Decision.Continue());
    assertThat(twoRetries.decide(midStream, 1, false, true, PLENTY))
        .isInstanceOfSatisfying(Decision.Stop.class, s -> assertThat(s.why()).startsWith("bytes already sent"));
  }

  @Test
  void anyFailureAfterBytesWentOutIsTreatedAsMidStream() {
    AttemptFailure sent = new AttemptFailure(FailureClass.SERVER_ERROR, 10L, true);
    assertThat(twoRetries.decide(sent, 1, true, false, PLENTY))
        .isEqualTo(new Decision.Stop("bytes already sent to the client"));
    assertThat(twoRetries.decide(sent, 1, true, true, PLENTY)).isEqualTo(new Decision.Continue());
  }

  // rung 2: the request itself is wrong

  @Test
  void clientErrorsStopEvenWithDeploymentsAndRetriesLeft() {
    assertThat(twoRetries.decide(failure(FailureClass.CLIENT_ERROR), 1, true, false, PLENTY))
        .isInstanceOf(Decision.Stop.class);
  }

  // rung 3: the deadline

  @Test
  void nothingIsTriedOnceTheDeadlineHasPassed() {
    assertThat(twoRetries.decide(failure(FailureClass.SERVER_ERROR), 1, true, false, Duration.ZERO))
        .isEqualTo(new Decision.Stop("deadline reached"));
  }

  // rung 4: context length

  @Test
  void contextLengthFallsBackWithoutRetryingOrStopsWhenNothingIsLeft() {
    assertThat(twoRetries.decide(failure(FailureClass.CONTEXT_LENGTH), 1, true, false, PLENTY))
        .isEqualTo(new Decision.Fallback());
    assertThat(twoRetries.decide(failure(FailureClass.CONTEXT_LENGTH), 1, false, false, PLENTY))
        .isInstanceOf(Decision.Stop.class);
  }

  // rung 5: transient failures retry, then fall back, then stop

  @ParameterizedTest
  @EnumSource(value = FailureClass.class,
      names = {"CONNECT", "TIMEOUT", "RATE_LIMITED", "SERVER_ERROR", "INBAND_ERROR", "EMPTY_STREAM"})
  void transientFailuresRetryWhileRetriesLastThenFallBackThenStop(FailureClass kind) {
    AttemptFailure f = failure(kind);
    assertThat(twoRetries.decide(f, 1, true, false, PLENTY)).isInstanceOf(Decision.Retry.class);
    assertThat(twoRetries.decide(f, 2, true, false, PLENTY)).isInstanceOf(Decision.Retry.class);
    assertThat(twoRetries.decide(f, 3, true, false, PLENTY)).isEqualTo(new Decision.Fallback());
    assertThat(twoRetries.decide(f, 3, false, false, PLENTY)).isEqualTo(new Decision.Stop("retries exhausted"));
  }

  @Test
  void backoffDelaysStayWithinTheJitterCeiling() {
    for (int i = 0; i < 200; i++) {
      Decision first = twoRetries.decide(failure(FailureClass.CONNECT), 1, true, false, PLENTY);
      Decision second = twoRetries.decide(failure(FailureClass.CONNECT), 2, true, false, PLENTY);
      assertThat(((Decision.Retry) first).delay()).isBetween(Duration.ZERO, Duration.ofMillis(100));
      assertThat(((Decision.Retry) second).delay()).isBetween(Duration.ZERO, Duration.ofMillis(200));
    }
  }

  @Test
  void zeroRetriesNeverRetries() {
    AttemptPolicy none = new AttemptPolicy(0, Duration.ofMillis(100), Duration.ofSeconds(2), new Random(1));
    for (FailureClass kind : FailureClass.values()) {
      for (boolean more : new boolean[] {true, false}) {
        assertThat(none.decide(new AttemptFailure(kind, 1L, false), 1, more, true, PLENTY))
            .isNotInstanceOf(Decision.Retry.class);
      }
    }
    assertThat(none.decide(failure(FailureClass.SERVER_ERROR), 1, false, false, PLENTY))
        .isEqualTo(new Decision.Stop("retries exhausted"));
  }

  @Test
  void retryAfterIsHonouredExactlyEvenAboveTheBackoffMaximum() {
    AttemptFailure rateLimited = new AttemptFailure(FailureClass.RATE_LIMITED, 7_500L, false);
    assertThat(twoRetries.decide(rateLimited, 1, true, false, PLENTY))
        .isEqualTo(new Decision.Retry(Duration.ofMillis(7_500)));
  }

  @Test
  void aRetryThatWouldOutlastTheDeadlineFallsBackOrStops() {
    AttemptFailure rateLimited = new AttemptFailure(FailureClass.RATE_LIMITED, 1_000L, false);
    assertThat(twoRetries.decide(rateLimited, 1, true, false, Duration.ofMillis(1_000)))
        .isEqualTo(new Decision.Fallback());
    assertThat(twoRetries.decide(rateLimited, 1, false, false, Duration.ofMillis(999)))
        .isInstanceOfSatisfying(Decision.Stop.class, s -> assertThat(s.why()).startsWith("deadline"));
    assertThat(twoRetries.decide(rateLimited, 1, false, false, Duration.ofMillis(1_001)))
        .isEqualTo(new Decision.Retry(Duration.ofMillis(1_000)));
  }
}
