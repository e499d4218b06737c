package dev.sluice.server.config;

import java.time.Duration;

/**
 * How the gateway listens.
 *
 * @param host bind address; 127.0.0.1 unless an admin key is configured
 * @param port TCP port (0 picks a free one, for tests)
 * @param maxBodyBytes largest request body accepted; larger gets 413
 * @param adminKey the admin key (from config or SLUICE_ADMIN_KEY), or null when none is set
 * @param sseKeepAlive upstream silence after which an SSE comment ({@code : ping}) is sent to the client
 */
public record ServerSettings(
    String host, int port, long maxBodyBytes, String adminKey, Duration sseKeepAlive) {}
