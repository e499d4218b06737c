package dev.sluice.core.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Health of deployments a caller named (not configured) is forgotten once at rest, so it cannot grow unbounded. */
class DeploymentHealthRetentionTest {
  private final MutableClock clock = MutableClock.atEpoch();
  private final DeploymentHealth health = new DeploymentHealth(clock, new CircuitSettings(3, Duration.ofSeconds(30), 1),
      Duration.ofSeconds(10), Set.of("openai/configured")::contains);

  @Test
  void aConfiguredDeploymentIsKeptAndAnUnconfiguredOneForgottenAtRest() {
    for (String id : new String[] {"openai/configured", "openai/typo-1", "openai/typo-2"}) {
      health.started(id);
      assertThat(health.inflight(id)).isEqualTo(1);
      health.succeeded(id, 100, -1, 10);
    }
    health.started("openai/typo-3");
    health.failed("openai/typo-3", FailureClass.CLIENT_ERROR, null); // a 404 for an unknown model: neutral
    health.started("openai/typo-4");
    health.released("openai/typo-4");
    assertThat(health.snapshot()).extracting(DeploymentHealth.DeploymentState::id).containsExactly("openai/configured");
    assertThat(health.latencyMillis("openai/configured")).isPresent();
  }

  @Test
  void anUnconfiguredDeploymentIsKeptWhileInFlightFailingOrCoolingDown() {
    health.started("openai/busy");
    health.started("openai/failing");
    health.failed("openai/failing", FailureClass.SERVER_ERROR, null);
    health.started("openai/limited");
    health.failed("openai/limited", FailureClass.RATE_LIMITED, 5_000L);
    assertThat(health.snapshot()).extracting(DeploymentHealth.DeploymentState::id)
        .containsExactly("openai/busy", "openai/failing", "openai/limited");
    health.succeeded("openai/busy", 10, -1, 1);
    clock.advance(Duration.ofSeconds(6));
    health.started("openai/limited");
    health.succeeded("openai/limited", 10, -1, 1); // cooldown over, success resets the failure count
    assertThat(health.snapshot()).extracting(DeploymentHealth.DeploymentState::id).containsExactly("openai/failing");
  }
}
