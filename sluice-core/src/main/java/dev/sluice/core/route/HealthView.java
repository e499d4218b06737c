package dev.sluice.core.route;

import java.util.OptionalDouble;

/** What the planner may ask about a deployment's recent behaviour. Implementations are thread-safe. */
public interface HealthView {

  /** Why the deployment must not be tried now (circuit open, cooling down after a 429, at its concurrency cap), or null. */
  String unavailableReason(DeploymentSpec deployment);

  int inflight(String deploymentId);

  /** EWMA of time to first token (streams) or total latency (non-stream), in milliseconds; empty when unmeasured. */
  OptionalDouble latencyMillis(String deploymentId);

  /** EWMA of output tokens per second; empty when unmeasured. */
  OptionalDouble tokensPerSecond(String deploymentId);

  /** A view where everything is healthy and unmeasured (for tests and tools). */
  HealthView ALL_HEALTHY = new HealthView() {
    @Override
    public String unavailableReason(DeploymentSpec deployment) {
      return null;
    }

    @Override
    public int inflight(String deploymentId) {
      return 0;
    }

    @Override
    public OptionalDouble latencyMillis(String deploymentId) {
      return OptionalDouble.empty();
    }

    @Override
    public OptionalDouble tokensPerSecond(String deploymentId) {
      return OptionalDouble.empty();
    }
  };
}
