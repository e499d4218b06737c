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
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Set<String> providers;
  private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();

  public GatewayMetrics(Set<String> providers) {
    this.providers = Set.copyOf(providers);
  }

  @Override
  public void record(AttemptRecord r) {
    String provider = providers.contains(r.provider()) ? r.provider() : "other";
    String failure = r.failure() == null ? "none" : r.failure().name().toLowerCase(java.util.Locale.ROOT);
    counter("sluice_attempts", "Upstream attempts by provider, outcome and failure class", provider,
        r.outcome().name().toLowerCase(java.util.Locale.ROOT), failure).increment();
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

  private Counter counter(String name, String help, String provider, String outcome, String failure) {
    String key = name + '|' + provider + '|' + outcome + '|' + failure;
    return counters.computeIfAbsent(key, k -> {
      Counter.Builder b = Counter.builder(name).description(help).tag("provider", provider);
      if (outcome != null) {
        b.tag("outcome", outcome).tag("failure", failure);
      }
      return b.register(registry);
    });
  }
}
