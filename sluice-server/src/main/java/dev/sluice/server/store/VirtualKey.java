package dev.sluice.server.store;

import dev.sluice.core.route.ProviderPreferences;
import java.time.Instant;

/**
 * A stored virtual key, without the key itself (only its hash exists).
 *
 * @param routingJson the key's routing defaults as stored (an OpenRouter-style provider object), or null
 * @param routing the same, parsed; {@link ProviderPreferences#NONE} when none
 * @param user the user the key belongs to (budgets, limits, ledger), or null
 * @param team the key's team, or null
 * @param org the key's organisation (budgets and prepaid credits), or null
 * @param maxCostNanos the key's per-request cost cap in nano-dollars, or null for none
 */
public record VirtualKey(
    String id, String name, String hint, Instant createdAt, Instant expiresAt, Instant revokedAt,
    String routingJson, ProviderPreferences routing, String user, String team, String org, Long maxCostNanos) {

  /** A key with no user, team, org or cost cap. */
  public VirtualKey(String id, String name, String hint, Instant createdAt, Instant expiresAt, Instant revokedAt,
      String routingJson, ProviderPreferences routing) {
    this(id, name, hint, createdAt, expiresAt, revokedAt, routingJson, routing, null, null, null, null);
  }

  public boolean isActiveAt(Instant now) {
    return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
  }
}
