package dev.sluice.core.usage;

import java.time.Instant;
import java.util.Map;

/**
 * The intent to send one upstream attempt, journaled before the attempt is sent, so that an attempt
 * that reached a provider still leaves a record when the gateway dies before it ends (replay turns a
 * start without its record into an {@link AttemptRecord.Outcome#INTERRUPTED} record).
 */
public record AttemptStart(
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
    boolean streamed,
    Map<String, String> tags,
    Instant startedAt) {

  public AttemptStart {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  public String id() {
    return requestId + "#" + attempt;
  }
}
