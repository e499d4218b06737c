package dev.sluice.server.config;

import dev.sluice.core.route.AutoRouterSettings;
import dev.sluice.core.route.CircuitSettings;
import dev.sluice.core.route.ProviderPreferences;
import java.time.Duration;
import java.util.Objects;

/**
 * Upstream timing, retries and routing defaults.
 *
 * @param connectTimeout TCP + TLS connect to the provider
 * @param attemptTimeout whole non-streamed upstream call; for streams, the longest silence between events
 * @param ttftTimeout for streams, time until the upstream answers with headers and the first event
 * @param retries extra attempts on the same deployment after a retryable failure; 0 = exactly one attempt
 * @param backoffBase first retry waits up to this (exponential with full jitter afterwards)
 * @param backoffMax no retry waits longer than this
 * @param totalTimeout deadline for the whole request, all attempts and waits included
 * @param rateLimitCooldown how long a deployment that answered 429 without Retry-After leaves the pool
 * @param circuit circuit-breaker thresholds, shared by every deployment
 * @param healthCheckInterval active health checks of each provider at this interval, or null for none
 * @param providerDefaults routing preferences applied under every request's own
 * @param auto the auto router's rules ({@code sluice/auto}), or null when not configured
 */
public record RoutingSettings(
    Duration connectTimeout,
    Duration attemptTimeout,
    Duration ttftTimeout,
    int retries,
    Duration backoffBase,
    Duration backoffMax,
    Duration totalTimeout,
    Duration rateLimitCooldown,
    CircuitSettings circuit,
    Duration healthCheckInterval,
    ProviderPreferences providerDefaults,
    AutoRouterSettings auto) {

  public static final int DEFAULT_RETRIES = 2;
  public static final Duration DEFAULT_BACKOFF_BASE = Duration.ofMillis(200);
  public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(10);
  public static final Duration DEFAULT_TOTAL_TIMEOUT = Duration.ofMinutes(10);
  public static final Duration DEFAULT_RATE_LIMIT_COOLDOWN = Duration.ofSeconds(30);

  public RoutingSettings {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(attemptTimeout, "attemptTimeout");
    Objects.requireNonNull(ttftTimeout, "ttftTimeout");
    Objects.requireNonNull(backoffBase, "backoffBase");
    Objects.requireNonNull(backoffMax, "backoffMax");
    Objects.requireNonNull(totalTimeout, "totalTimeout");
    Objects.requireNonNull(rateLimitCooldown, "rateLimitCooldown");
    Objects.requireNonNull(circuit, "circuit");
    Objects.requireNonNull(providerDefaults, "providerDefaults");
  }

  /** Timeouts as given, everything else at its default. */
  public RoutingSettings(Duration connectTimeout, Duration attemptTimeout, Duration ttftTimeout) {
    this(connectTimeout, attemptTimeout, ttftTimeout, DEFAULT_RETRIES, DEFAULT_BACKOFF_BASE, DEFAULT_BACKOFF_MAX,
        DEFAULT_TOTAL_TIMEOUT, DEFAULT_RATE_LIMIT_COOLDOWN, CircuitSettings.DEFAULTS, null,
        ProviderPreferences.NONE, null);
  }

  public RoutingSettings withRetries(int retries) {
    return new RoutingSettings(connectTimeout, attemptTimeout, ttftTimeout, retries, backoffBase, backoffMax,
        totalTimeout, rateLimitCooldown, circuit, healthCheckInterval, providerDefaults, auto);
  }

  public RoutingSettings withCircuit(CircuitSettings circuit) {
    return new RoutingSettings(connectTimeout, attemptTimeout, ttftTimeout, retries, backoffBase, backoffMax,
        totalTimeout, rateLimitCooldown, circuit, healthCheckInterval, providerDefaults, auto);
  }

  public RoutingSettings withHealthChecks(Duration interval) {
    return new RoutingSettings(connectTimeout, attemptTimeout, ttftTimeout, retries, backoffBase, backoffMax,
        totalTimeout, rateLimitCooldown, circuit, interval, providerDefaults, auto);
  }

  public RoutingSettings withAuto(AutoRouterSettings auto) {
    return new RoutingSettings(connectTimeout, attemptTimeout, ttftTimeout, retries, backoffBase, backoffMax,
        totalTimeout, rateLimitCooldown, circuit, healthCheckInterval, providerDefaults, auto);
  }

  public RoutingSettings withBackoff(Duration base, Duration max) {
    return new RoutingSettings(connectTimeout, attemptTimeout, ttftTimeout, retries, base, max,
        totalTimeout, rateLimitCooldown, circuit, healthCheckInterval, providerDefaults, auto);
  }
}
