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
 * @param headerTimeout a new connection must deliver a complete request head within this (slowloris)
 * @param bodyIdleTimeout longest silence between two pieces of a request body
 * @param sendTimeout longest time the client may leave the response unread (no progress) before it is cut
 * @param keepAliveTimeout how long an idle keep-alive connection waits for its next request
 * @param shutdownGrace on SIGTERM, how long requests and streams in flight may run to their end after the
 *     gateway stops accepting connections (a deploy must not cut answers in half)
 */
public record ServerSettings(
    String host, int port, long maxBodyBytes, String adminKey, Duration sseKeepAlive,
    Duration headerTimeout, Duration bodyIdleTimeout, Duration sendTimeout, Duration keepAliveTimeout,
    Duration shutdownGrace) {

  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_BODY_IDLE_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);

  /** The settings with the default connection timeouts (for callers that only care where to listen). */
  public ServerSettings(String host, int port, long maxBodyBytes, String adminKey, Duration sseKeepAlive) {
    this(host, port, maxBodyBytes, adminKey, sseKeepAlive, DEFAULT_HEADER_TIMEOUT, DEFAULT_BODY_IDLE_TIMEOUT,
        DEFAULT_SEND_TIMEOUT, DEFAULT_KEEP_ALIVE_TIMEOUT, DEFAULT_SHUTDOWN_GRACE);
  }

  /** A copy with other connection timeouts (tests use seconds instead of the defaults). */
  public ServerSettings withTimeouts(Duration header, Duration bodyIdle, Duration send, Duration keepAlive) {
    return new ServerSettings(host, port, maxBodyBytes, adminKey, sseKeepAlive, header, bodyIdle, send, keepAlive,
        shutdownGrace);
  }
}
