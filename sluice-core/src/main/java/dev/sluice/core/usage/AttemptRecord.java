package dev.sluice.core.usage;

import dev.sluice.core.model.Usage;
import dev.sluice.core.route.FailureClass;
import java.time.Instant;
import java.util.Objects;

/**
 * One upstream attempt, as the usage ledger, the access log and metrics see it. Every attempt produces
 * exactly one, failed ones included.
 *
 * @param attempt 1 for the first attempt of the request, counting retries and fallbacks
 * @param keyId the virtual key's public id (never the key)
 * @param viaModel the model name the caller asked for (or the fallback/auto pick this deployment served)
 * @param deploymentId the deployment tried; {@code provider} and {@code model} are its parts
 * @param failure why it failed, or null when it was served or the client went away
 * @param status the HTTP status the attempt ended with (499: the client went away)
 * @param ttftMillis time to the first streamed event that reached the client, or -1
 */
public record AttemptRecord(
    String requestId,
    int attempt,
    String keyId,
    String viaModel,
    String deploymentId,
    String provider,
    String model,
    Outcome outcome,
    FailureClass failure,
    int status,
    Usage usage,
    long latencyMillis,
    long ttftMillis,
    boolean streamed,
    Instant startedAt) {

  public enum Outcome { SERVED, FAILED, CLIENT_GONE }

  public AttemptRecord {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(deploymentId, "deploymentId");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(usage, "usage");
  }
}
