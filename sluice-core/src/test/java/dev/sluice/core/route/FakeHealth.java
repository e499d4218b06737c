package dev.sluice.core.route;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/** A {@link HealthView} a test fills in by hand; everything unset is healthy and unmeasured. */
final class FakeHealth implements HealthView {
  private final Map<String, String> unavailable = new HashMap<>();
  private final Map<String, Integer> inflight = new HashMap<>();
  private final Map<String, Double> latency = new HashMap<>();
  private final Map<String, Double> throughput = new HashMap<>();

  private String everyoneUnavailable;

  /** Every deployment, seen or not, is unavailable for {@code reason}. */
  FakeHealth allUnavailable(String reason) {
    everyoneUnavailable = reason;
    return this;
  }

  FakeHealth unavailable(String id, String reason) {
    unavailable.put(id, reason);
    return this;
  }

  FakeHealth inflight(String id, int n) {
    inflight.put(id, n);
    return this;
  }

  FakeHealth latency(String id, double millis) {
    latency.put(id, millis);
    return this;
  }

  FakeHealth throughput(String id, double tokensPerSecond) {
    throughput.put(id, tokensPerSecond);
    return this;
  }

  @Override
  public String unavailableReason(DeploymentSpec deployment) {
    return everyoneUnavailable != null ? everyoneUnavailable : unavailable.get(deployment.id());
  }

  @Override
  public int inflight(String deploymentId) {
    return inflight.getOrDefault(deploymentId, 0);
  }

  @Override
  public OptionalDouble latencyMillis(String deploymentId) {
    Double v = latency.get(deploymentId);
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
  }

  @Override
  public OptionalDouble tokensPerSecond(String deploymentId) {
    Double v = throughput.get(deploymentId);
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
  }
}
