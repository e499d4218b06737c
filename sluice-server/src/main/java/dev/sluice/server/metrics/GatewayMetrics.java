package dev.sluice.server.metrics;

import dev.sluice.core.usage.AttemptRecord;
import dev.sluice.server.proxy.AttemptRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Prometheus metrics, fed by the same attempt records as the ledger. Labels are bounded by construction:
 * {@code provider} is one of the configured providers (anything else becomes {@code other}), {@code outcome}
 * and {@code failure} are closed enums; there is no model, key or path label, so scanners and typo'd model
 * names cannot create series.
 */
public final class GatewayMetrics implements AttemptRecorder {
  private static final String[] OUTCOMES = labels(AttemptRecord.Outcome.values());
  private static final String[] FAILURES = labels(dev.sluice.core.route.FailureClass.values());
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Set<String> providers;
  private final ConcurrentHashMap<Series, Counter> counters = new ConcurrentHashMap<>();

  public GatewayMetrics(Set<String> providers) {
    this.providers = Set.copyOf(providers);
  }

  @Override
  public void record(AttemptRecord r) {
    String provider = providers.contains(r.provider()) ? r.provider() : "other";
    String failure = r.failure() == null ? "none" : FAILURES[r.failure().ordinal()];
    counter("sluice_attempts", "Upstream attempts by provider, outcome and failure class", provider,
        OUTCOMES[r.outcome().ordinal()], failure).increment();
    if (r.usage().isKnown()) {
      counter("sluice_tokens_input", "Input tokens by provider", provider, null, null).increment(r.usage().inputTokens());
      counter("sluice_tokens_output", "Output tokens by provider", provider, null, null).increment(r.usage().outputTokens());
    }
    if (r.usage().isKnown() && !r.priced()) {
      counter("sluice_unpriced_attempts", "Attempts on a model with no known price (cost unknown, not zero)",
          provider, null, null).increment();
    }
    if (r.priced() && r.costNanos() > 0) {
      counter("sluice_cost_nanodollars", "Cost in nano-dollars by provider", provider, null, null)
          .increment(r.costNanos());
    }
  }

  /** Exposes a value computed on scrape (e.g. the ledger's pending journal entries). */
  public void gauge(String name, String help, Supplier<Number> value) {
    Gauge.builder(name, value).description(help).register(registry);
  }

  /** The Prometheus text exposition format. */
  public String scrape() {
    return registry.scrape();
  }

  private static String[] labels(Enum<?>[] values) {
    return java.util.Arrays.stream(values).map(v -> v.name().toLowerCase(java.util.Locale.ROOT)).toArray(String[]::new);
  }

  /** A counter's identity; a record, so finding a counter per request builds no key string. */
  private record Series(String name, String provider, String outcome, String failure) {}

  private Counter counter(String name, String help, String provider, String outcome, String failure) {
    Counter known = counters.get(new Series(name, provider, outcome, failure));
    if (known != null) {
      return known;
    }
    return counters.computeIfAbsent(new Series(name, provider, outcome, failure), k -> {
      Counter.Builder b = Counter.builder(name).description(help).tag("provider", provider);
      if (outcome != null) {
        b.tag("outcome", outcome).tag("failure", failure);
      }
      return b.register(registry);
    });
  }
}
