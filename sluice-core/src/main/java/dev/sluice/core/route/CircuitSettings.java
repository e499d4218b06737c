package dev.sluice.core.route;

import java.time.Duration;

/**
 * Circuit-breaker thresholds for every deployment.
 *
 * @param failureThreshold consecutive failures that open the circuit
 * @param openFor how long an open circuit refuses requests before letting probes through (half-open)
 * @param halfOpenProbes requests let through at once while half-open; one success closes the circuit
 */
public record CircuitSettings(int failureThreshold, Duration openFor, int halfOpenProbes) {
  public static final CircuitSettings DEFAULTS = new CircuitSettings(5, Duration.ofSeconds(30), 1);
}
