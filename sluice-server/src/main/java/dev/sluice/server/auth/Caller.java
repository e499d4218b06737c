package dev.sluice.server.auth;

import dev.sluice.core.route.ProviderPreferences;

/**
 * Who is making a request, once authenticated: the key's public id and name (never the key), and the
 * key's routing defaults, which apply under the request's own preferences.
 */
public record Caller(String keyId, String keyName, ProviderPreferences routing) {}
