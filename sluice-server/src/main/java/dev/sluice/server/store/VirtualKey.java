package dev.sluice.server.store;

import dev.sluice.core.route.ProviderPreferences;
import java.time.Instant;

/**
 * A stored virtual key, without the key itself (only its hash exists).
 *
 * @param routingJson the key's routing defaults as stored (an OpenRouter-style provider object), or null
 * @param routing the same, parsed; {@link ProviderPreferences#NONE} when none
 */
public record VirtualKey(
    String id, String name, String hint, Instant createdAt, Instant expiresAt, Instant revokedAt,
    String routingJson, ProviderPreferences routing) {

  public boolean isActiveAt(Instant now) {
    return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
  }
}
