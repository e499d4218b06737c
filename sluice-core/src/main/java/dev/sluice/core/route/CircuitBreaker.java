package dev.sluice.core.route;

import java.time.Duration;
import java.time.Instant;

/**
 * One deployment's circuit: closed → open after {@code failureThreshold} consecutive failures; open →
 * half-open once {@code openFor} has passed (decided lazily whenever asked, so no timer runs); half-open →
 * closed on a success, → open again (a fresh {@code openFor}) on a failure. While half-open at most
 * {@code halfOpenProbes} requests are let through at once.
 *
 * <p>Outcomes carry no ticket, so a request started while closed that finishes while half-open counts as if
 * it were the probe. That is accepted: it is a real answer from the deployment, and the alternative is a
 * token threaded through the attempt loop. Not thread-safe: {@link DeploymentHealth} calls it under the
 * deployment's lock.
 */
final class CircuitBreaker {
  enum State {
    CLOSED("closed"), OPEN("open"), HALF_OPEN("half-open");

    private final String label;

    State(String label) {
      this.label = label;
    }

    String label() {
      return label;
    }
  }

  private final CircuitSettings settings;
  private State state = State.CLOSED;
  private int consecutiveFailures;
  private Instant openUntil;
  private int probesInFlight;

  CircuitBreaker(CircuitSettings settings) {
    this.settings = settings;
  }

  State state(Instant now) {
    if (state == State.OPEN && !now.isBefore(openUntil)) {
      state = State.HALF_OPEN;
      probesInFlight = 0;
    }
    return state;
  }

  /** Why no request may start now, or null. */
  String unavailableReason(Instant now) {
    return switch (state(now)) {
      case CLOSED -> null;
      case OPEN -> "circuit open for " + ceilSeconds(Duration.between(now, openUntil)) + "s";
      case HALF_OPEN -> probesInFlight >= settings.halfOpenProbes() ? "half-open, probe in flight" : null;
    };
  }

  void onStart(Instant now) {
    if (state(now) == State.HALF_OPEN) {
      probesInFlight++;
    }
  }

  void onSuccess() {
    state = State.CLOSED;
    consecutiveFailures = 0;
    probesInFlight = 0;
    openUntil = null;
  }

  void onFailure(Instant now) {
    consecutiveFailures++;
    switch (state(now)) {
      case CLOSED -> {
        if (consecutiveFailures >= settings.failureThreshold()) {
          open(now);
        }
      }
      case HALF_OPEN -> open(now);
      case OPEN -> { } // started before the circuit opened; already refusing, don't extend
    }
  }

  /** The attempt ended without a verdict on the deployment (client left, or the request was at fault). */
  void onNeutral(Instant now) {
    if (state(now) == State.HALF_OPEN && probesInFlight > 0) {
      probesInFlight--;
    }
  }

  int consecutiveFailures() {
    return consecutiveFailures;
  }

  /** When an open circuit turns half-open; null unless open. */
  Instant openUntil(Instant now) {
    return state(now) == State.OPEN ? openUntil : null;
  }

  private void open(Instant now) {
    state = State.OPEN;
    openUntil = now.plus(settings.openFor());
    probesInFlight = 0;
  }

  static long ceilSeconds(Duration d) {
    long millis = Math.max(0, d.toMillis());
    return Math.max(1, (millis + 999) / 1000);
  }
}
