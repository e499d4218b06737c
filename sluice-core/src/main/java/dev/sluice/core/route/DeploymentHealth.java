package dev.sluice.core.route;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * What the gateway has seen of each deployment: in-flight count, circuit breaker, 429 cooldown, and EWMAs
 * of latency and throughput. The attempt loop reports every attempt ({@link #started}, then exactly one of
 * {@link #succeeded}, {@link #failed}, {@link #released}); the planner reads it through {@link HealthView}.
 *
 * <p>Thread-safe: called from several event loops. One small state object per deployment, its methods
 * synchronized; deployments never contend with each other, and the clock is read outside the lock.
 * Reading a deployment never seen allocates nothing.
 */
public final class DeploymentHealth implements HealthView {
  /** EWMA weight of the newest sample: about the last five requests dominate, so one slow call doesn't. */
  private static final double ALPHA = 0.3;

  private final InstantSource clock;
  private final CircuitSettings circuit;
  private final Duration rateLimitCooldown;
  private final Map<String, Tracked> deployments = new ConcurrentHashMap<>();
  private final Predicate<String> retained;

  /** @param rateLimitCooldown how long a 429 without Retry-After keeps the deployment out of plans */
  public DeploymentHealth(InstantSource clock, CircuitSettings circuit, Duration rateLimitCooldown) {
    this(clock, circuit, rateLimitCooldown, id -> true);
  }

  /**
   * @param retained the deployments whose state is kept while at rest (the configured ones). Any other id (an
   *     implicit {@code provider/model} the caller named, possibly a typo or a scanner's random name) is forgotten
   *     as soon as it is at rest: no attempt in flight, circuit closed with no failure, no cooldown. Without
   *     that, every distinct model name a caller sends stayed in this map for the life of the process.
   */
  public DeploymentHealth(InstantSource clock, CircuitSettings circuit, Duration rateLimitCooldown,
      Predicate<String> retained) {
    this.retained = Objects.requireNonNull(retained, "retained");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.circuit = Objects.requireNonNull(circuit, "circuit");
    this.rateLimitCooldown = Objects.requireNonNull(rateLimitCooldown, "rateLimitCooldown");
    if (circuit.failureThreshold() < 1 || circuit.halfOpenProbes() < 1 || !circuit.openFor().isPositive()) {
      throw new IllegalArgumentException("circuit settings need a threshold and probes of at least 1 and a "
          + "positive open time, were " + circuit);
    }
  }

  /** An attempt starts (in flight + 1); while half-open it is a probe. */
  public void started(String id) {
    Instant now = clock.instant();
    // Inside compute, like every change below: a concurrent forget() cannot drop the entry under a started attempt.
    deployments.compute(id, (k, t) -> {
      Tracked tracked = t != null ? t : new Tracked(new CircuitBreaker(circuit));
      tracked.started(now);
      return tracked;
    });
  }

  /** @param ttftMillis time to first token for a stream, -1 when not a stream */
  public void succeeded(String id, long latencyMillis, long ttftMillis, long outputTokens) {
    update(id, t -> t.succeeded(latencyMillis, ttftMillis, outputTokens));
  }

  /**
   * A failed attempt. A request's own fault (client error, context length) says nothing about the
   * deployment and leaves the breaker alone; a 429 cools the deployment down for Retry-After (or the
   * configured cooldown) and also counts as a failure, so a deployment that keeps answering 429 opens.
   */
  public void failed(String id, FailureClass kind, Long retryAfterMillis) {
    Instant now = clock.instant();
    Duration cooldown = kind != FailureClass.RATE_LIMITED ? null
        : retryAfterMillis != null ? Duration.ofMillis(Math.max(0, retryAfterMillis)) : rateLimitCooldown;
    update(id, t -> t.failed(now, kind, cooldown, retryAfterMillis != null));
  }

  /** The attempt ended with no outcome (the client went away). */
  public void released(String id) {
    Instant now = clock.instant();
    update(id, t -> t.released(now));
  }

  @Override
  public String unavailableReason(DeploymentSpec deployment) {
    Tracked t = deployments.get(deployment.id());
    if (t == null) {
      return capReason(0, deployment.maxConcurrent());
    }
    return t.unavailableReason(clock.instant(), deployment.maxConcurrent());
  }

  @Override
  public int inflight(String deploymentId) {
    Tracked t = deployments.get(deploymentId);
    return t == null ? 0 : t.inflight();
  }

  @Override
  public OptionalDouble latencyMillis(String deploymentId) {
    Tracked t = deployments.get(deploymentId);
    return t == null ? OptionalDouble.empty() : t.latency();
  }

  @Override
  public OptionalDouble tokensPerSecond(String deploymentId) {
    Tracked t = deployments.get(deploymentId);
    return t == null ? OptionalDouble.empty() : t.tokensPerSecond();
  }

  /** Every deployment seen so far, by id, for the admin endpoint. */
  public List<DeploymentState> snapshot() {
    Instant now = clock.instant();
    List<DeploymentState> out = new ArrayList<>();
    deployments.forEach((id, t) -> out.add(t.state(id, now)));
    out.sort(Comparator.comparing(DeploymentState::id));
    return out;
  }

  /**
   * @param circuit "closed", "open" or "half-open"
   * @param openUntil when an open circuit lets probes through; null unless open
   * @param cooldownUntil when a 429 cooldown ends; null unless cooling down
   * @param latencyMillis EWMA, null when unmeasured
   * @param tokensPerSecond EWMA, null when unmeasured
   */
  public record DeploymentState(String id, String circuit, int consecutiveFailures, Instant openUntil,
      Instant cooldownUntil, int inflight, Double latencyMillis, Double tokensPerSecond) {}

  /** Applies an outcome and forgets the entry if it is at rest and not {@link #retained}. */
  private void update(String id, java.util.function.Consumer<Tracked> outcome) {
    deployments.compute(id, (k, t) -> {
      Tracked tracked = t != null ? t : new Tracked(new CircuitBreaker(circuit));
      outcome.accept(tracked);
      return !retained.test(k) && tracked.atRest(clock.instant()) ? null : tracked;
    });
  }

  private static String capReason(int inflight, Integer maxConcurrent) {
    return maxConcurrent != null && inflight >= maxConcurrent ? "at max_concurrent " + maxConcurrent : null;
  }

  /** One deployment's state; every method holds its lock. */
  private static final class Tracked {
    private final CircuitBreaker breaker;
    private int inflight;
    private Instant cooldownUntil;
    private boolean cooldownFromHeader;
    private double latency = Double.NaN; // NaN: unmeasured
    private double tokensPerSecond = Double.NaN;

    Tracked(CircuitBreaker breaker) {
      this.breaker = breaker;
    }

    synchronized void started(Instant now) {
      inflight++;
      breaker.onStart(now);
    }

    synchronized void succeeded(long latencyMillis, long ttftMillis, long outputTokens) {
      release();
      breaker.onSuccess();
      latency = ewma(latency, ttftMillis >= 0 ? ttftMillis : latencyMillis);
      // Throughput is decoding speed: for a stream, time after the first token; else the whole call.
      long generatingMillis =
          ttftMillis >= 0 && latencyMillis > ttftMillis ? latencyMillis - ttftMillis : latencyMillis;
      if (outputTokens > 0 && generatingMillis > 0) {
        tokensPerSecond = ewma(tokensPerSecond, outputTokens * 1000.0 / generatingMillis);
      }
    }

    synchronized void failed(Instant now, FailureClass kind, Duration cooldown, boolean fromHeader) {
      release();
      if (cooldown != null) {
        Instant until = now.plus(cooldown);
        if (cooldownUntil == null || until.isAfter(cooldownUntil)) {
          cooldownUntil = until;
          cooldownFromHeader = fromHeader;
        }
      }
      if (kind == FailureClass.CLIENT_ERROR || kind == FailureClass.CONTEXT_LENGTH) {
        breaker.onNeutral(now);
      } else {
        breaker.onFailure(now);
      }
    }

    synchronized void released(Instant now) {
      release();
      breaker.onNeutral(now);
    }

    synchronized String unavailableReason(Instant now, Integer maxConcurrent) {
      String circuit = breaker.unavailableReason(now);
      if (circuit != null) {
        return circuit;
      }
      if (cooldownUntil != null && now.isBefore(cooldownUntil)) {
        return "rate limited for " + CircuitBreaker.ceilSeconds(Duration.between(now, cooldownUntil)) + "s"
            + (cooldownFromHeader ? " (Retry-After)" : " (cooldown)");
      }
      return capReason(inflight, maxConcurrent);
    }

    /** Nothing worth remembering: no attempt in flight, a closed circuit without failures, no cooldown. */
    synchronized boolean atRest(Instant now) {
      return inflight == 0 && breaker.state(now) == CircuitBreaker.State.CLOSED && breaker.consecutiveFailures() == 0
          && (cooldownUntil == null || !now.isBefore(cooldownUntil));
    }

    synchronized int inflight() {
      return inflight;
    }

    synchronized OptionalDouble latency() {
      return Double.isNaN(latency) ? OptionalDouble.empty() : OptionalDouble.of(latency);
    }

    synchronized OptionalDouble tokensPerSecond() {
      return Double.isNaN(tokensPerSecond) ? OptionalDouble.empty() : OptionalDouble.of(tokensPerSecond);
    }

    synchronized DeploymentState state(String id, Instant now) {
      Instant cooling = cooldownUntil != null && now.isBefore(cooldownUntil) ? cooldownUntil : null;
      return new DeploymentState(id, breaker.state(now).label(), breaker.consecutiveFailures(),
          breaker.openUntil(now), cooling, inflight, Double.isNaN(latency) ? null : latency,
          Double.isNaN(tokensPerSecond) ? null : tokensPerSecond);
    }

    private void release() {
      inflight = Math.max(0, inflight - 1);
    }

    private static double ewma(double current, double sample) {
      return Double.isNaN(current) ? sample : ALPHA * sample + (1 - ALPHA) * current;
    }
  }
}
