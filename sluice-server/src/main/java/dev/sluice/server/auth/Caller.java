package dev.sluice.server.auth;

import dev.sluice.core.route.ProviderPreferences;

/**
 * Who is making a request, once authenticated: the key's public id and name (never the key), the
 * key's routing defaults (they apply under the request's own preferences), the user, team and
 * organisation the key belongs to (for budgets, limits and the ledger; null when unset), and the key's
 * per-request cost cap.
 *
 * @param maxCostNanos refuse a request whose worst-case cost exceeds this (nano-dollars), or null
 */
public record Caller(String keyId, String keyName, ProviderPreferences routing, String user, String team, String org,
    Long maxCostNanos) {

  public Caller(String keyId, String keyName, ProviderPreferences routing) {
    this(keyId, keyName, routing, null, null, null, null);
  }
}
