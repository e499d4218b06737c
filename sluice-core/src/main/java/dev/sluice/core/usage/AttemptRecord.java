package dev.sluice.core.usage;

import dev.sluice.core.model.Usage;
import dev.sluice.core.route.FailureClass;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One upstream attempt: the usage ledger's record, the access log's line and the metrics' source. Every
 * attempt that was sent to a provider produces exactly one, failed ones included.
 *
 * @param attempt 1 for the first attempt of the request, counting retries and fallbacks
 * @param keyId the virtual key's public id (never the key)
 * @param user the end user: the key's user, else the request's {@code user} field; null when neither
 * @param team the key's team, or null
 * @param org the key's organisation, or null
 * @param viaModel the model name the caller asked for (or the fallback/auto pick this deployment served)
 * @param deploymentId the deployment tried; {@code provider} and {@code model} (the served model) are its parts
 * @param failure why it failed, or null when it was served or the client went away
 * @param status the HTTP status the attempt ended with (499: the client went away)
 * @param usage tokens, with their source: reported by the provider, estimated, or missing
 * @param costNanos the attempt's cost in nano-dollars (1e-9 USD); 0 when unpriced
 * @param priced false when the deployment has no known price: the cost is unknown, not zero
 * @param ttftMillis time to the first streamed event that reached the client, or -1
 * @param tags the request's metadata tags ({@code metadata} and {@code x-sluice-tags}); never prompt text
 */
public record AttemptRecord(
    String requestId,
    int attempt,
    String keyId,
    String user,
    String team,
    String org,
    String viaModel,
    String deploymentId,
    String provider,
    String model,
    Outcome outcome,
    FailureClass failure,
    int status,
    Usage usage,
    long costNanos,
    boolean priced,
    long latencyMillis,
    long ttftMillis,
    boolean streamed,
    Map<String, String> tags,
    Instant startedAt) {

  /** INTERRUPTED: the gateway stopped (crash, kill) after sending the attempt and before it ended; found on replay. */
  public enum Outcome { SERVED, FAILED, CLIENT_GONE, INTERRUPTED }

  public AttemptRecord {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(deploymentId, "deploymentId");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(usage, "usage");
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /** Unique per attempt and stable across replays: the ledger's idempotency key. */
  public String id() {
    return requestId + "#" + attempt;
  }

  public boolean clientDisconnected() {
    return outcome == Outcome.CLIENT_GONE;
  }
}
