package dev.sluice.server.admission;

import java.util.Map;

/**
 * Everything a budget or a rate limit can key on for one request: the key, the key's user, team and
 * organisation (the request's {@code user} field stands in for the user when the key has none), the
 * requested model, and the request's tags ({@code metadata} members and {@code x-sluice-tags}).
 */
public record RequestScopes(String keyId, String user, String team, String org, String model, Map<String, String> tags) {
  public RequestScopes {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }
}
