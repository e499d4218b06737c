package dev.sluice.server.config;

import dev.sluice.core.route.AutoRouterSettings;
import dev.sluice.core.route.CircuitSettings;
import dev.sluice.core.route.ProviderPreferences;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code routing:}: upstream timeouts, retries and backoff, the request deadline, 429 cooldown, circuit
 * breakers, health checks, provider-preference defaults ({@link PreferencesSection}) and the auto router
 * ({@link AutoSection}). Everything left out takes the defaults in {@link RoutingSettings} and
 * {@link CircuitSettings#DEFAULTS}:
 *
 * <pre>
 * routing:
 *   connect_timeout: 5s
 *   attempt_timeout: 120s          # whole non-streamed call; longest silence inside a stream
 *   ttft_timeout: 60s              # until a stream's first event
 *   retries: 2                     # 0..10 extra attempts; 0 = exactly one
 *   backoff: { base: 200ms, max: 10s }      # base &lt;= max; exponential with full jitter
 *   total_timeout: 10m             # the whole request, all attempts and waits
 *   rate_limit_cooldown: 30s       # a deployment that got 429 without Retry-After sits out this long
 *   circuit_breaker: { failure_threshold: 5, open_for: 30s, half_open_probes: 1 }
 *   health_check_interval: 30s     # no default: absent = no active checks
 *   provider: { ... }              # see PreferencesSection
 *   auto: { ... }                  # see AutoSection
 * </pre>
 */
final class RoutingSection {

  static final List<String> KEYS = List.of("connect_timeout", "attempt_timeout", "ttft_timeout", "retries",
      "backoff", "total_timeout", "rate_limit_cooldown", "circuit_breaker", "health_check_interval", "provider",
      "auto");
  static final List<String> BACKOFF_KEYS = List.of("base", "max");
  static final List<String> CIRCUIT_KEYS = List.of("failure_threshold", "open_for", "half_open_probes");
  static final Duration DEFAULT_CONNECT = Duration.ofSeconds(5);
  static final Duration DEFAULT_ATTEMPT = Duration.ofSeconds(120);
  static final Duration DEFAULT_TTFT = Duration.ofSeconds(60);
  static final int MAX_RETRIES = 10;

  private RoutingSection() {}

  /** The settings; defaults for whatever is absent or wrong (wrong values are reported). */
  static RoutingSettings read(ConfigNode routing, Set<String> providers, Set<String> aliases, Problems problems) {
    if (routing.isMapping("write routing: as a mapping, e.g. routing: { attempt_timeout: 120s }")) {
      routing.checkKeys(KEYS, Map.of());
    }
    // read in the order of KEYS, which is the order of the reference, so problems come out in file order
    Duration connect = or(routing.get("connect_timeout").duration(), DEFAULT_CONNECT);
    Duration attempt = or(routing.get("attempt_timeout").duration(), DEFAULT_ATTEMPT);
    Duration ttft = or(routing.get("ttft_timeout").duration(), DEFAULT_TTFT);
    Long retries = routing.get("retries").integer(0, MAX_RETRIES,
        "use 0 (exactly one attempt) to " + MAX_RETRIES + "; the default is " + RoutingSettings.DEFAULT_RETRIES);
    Duration[] backoff = backoff(routing.get("backoff"));
    Duration total = or(routing.get("total_timeout").duration(), RoutingSettings.DEFAULT_TOTAL_TIMEOUT);
    Duration cooldown = or(routing.get("rate_limit_cooldown").duration(), RoutingSettings.DEFAULT_RATE_LIMIT_COOLDOWN);
    CircuitSettings circuit = circuit(routing.get("circuit_breaker"));
    Duration healthChecks = routing.get("health_check_interval").duration(); // absent: no active checks
    ProviderPreferences preferences = PreferencesSection.read(routing.get("provider"), providers);
    AutoRouterSettings auto = AutoSection.read(routing.get("auto"), providers, aliases, problems);
    return new RoutingSettings(connect, attempt, ttft,
        retries == null ? RoutingSettings.DEFAULT_RETRIES : retries.intValue(), backoff[0], backoff[1], total,
        cooldown, circuit, healthChecks, preferences, auto);
  }

  /** {@code { base: 200ms, max: 10s }} as [base, max]; base must not exceed max (either may be the default). */
  private static Duration[] backoff(ConfigNode node) {
    Duration base = RoutingSettings.DEFAULT_BACKOFF_BASE;
    Duration max = RoutingSettings.DEFAULT_BACKOFF_MAX;
    if (!node.isMapping("write backoff: as a mapping, e.g. backoff: { base: 200ms, max: 10s }")) {
      return new Duration[] {base, max};
    }
    node.checkKeys(BACKOFF_KEYS, Map.of());
    Duration b = node.get("base").duration();
    Duration m = node.get("max").duration();
    base = or(b, base);
    max = or(m, max);
    if (base.compareTo(max) > 0) {
      node.problem("base " + Durations.format(base) + (b == null ? " (the default)" : "") + " is longer than max "
              + Durations.format(max) + (m == null ? " (the default)" : ""),
          "make base at most max, e.g. backoff: { base: 200ms, max: 10s }; retries wait up to base, doubling"
              + " each time, never more than max");
    }
    return new Duration[] {base, max};
  }

  private static CircuitSettings circuit(ConfigNode node) {
    CircuitSettings d = CircuitSettings.DEFAULTS;
    if (!node.isMapping(
        "write circuit_breaker: as a mapping, e.g. { failure_threshold: 5, open_for: 30s, half_open_probes: 1 }")) {
      return d;
    }
    node.checkKeys(CIRCUIT_KEYS, Map.of());
    Long threshold = node.get("failure_threshold").integer(1, Integer.MAX_VALUE,
        "give the consecutive failures that open the circuit, 1 or more (the default is " + d.failureThreshold()
            + ")");
    Duration openFor = node.get("open_for").duration();
    Long probes = node.get("half_open_probes").integer(1, Integer.MAX_VALUE,
        "give the requests let through at once to test an open circuit, 1 (the default) or more");
    return new CircuitSettings(threshold == null ? d.failureThreshold() : threshold.intValue(),
        or(openFor, d.openFor()), probes == null ? d.halfOpenProbes() : probes.intValue());
  }

  private static Duration or(Duration value, Duration fallback) {
    return value == null ? fallback : value;
  }
}
