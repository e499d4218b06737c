package dev.sluice.server.config;

import java.time.Duration;

/**
 * Upstream timing.
 *
 * @param connectTimeout TCP + TLS connect to the provider
 * @param attemptTimeout whole non-streamed upstream call; for streams, the longest silence between events
 * @param ttftTimeout for streams, time until the upstream answers with headers and the first event
 */
public record RoutingSettings(Duration connectTimeout, Duration attemptTimeout, Duration ttftTimeout) {}
