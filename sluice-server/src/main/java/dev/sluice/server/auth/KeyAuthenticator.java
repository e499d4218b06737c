package dev.sluice.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.key.VirtualKeys;
import dev.sluice.server.store.VirtualKey;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Authenticates a request by its virtual key, taken from {@code Authorization: Bearer} (OpenAI clients) or
 * {@code x-api-key} (Anthropic clients).
 *
 * <p>Malformed keys (prefix, length, alphabet, checksum) are refused without touching the store. Lookups
 * are cached by the key's hash for a few seconds so the hot path rarely blocks, and so a revocation takes
 * effect within {@link #CACHE_TTL}. Every refusal is the same generic 401: the presented key is never
 * echoed, and a caller cannot tell an unknown key from a revoked one.
 */
public final class KeyAuthenticator {
  static final Duration CACHE_TTL = Duration.ofSeconds(5);
  private static final String BEARER = "Bearer ";

  private final Vertx vertx;
  private final KeyService keys;
  private final InstantSource clock;
  private final Cache<String, Optional<VirtualKey>> cache =
      Caffeine.newBuilder().expireAfterWrite(CACHE_TTL).maximumSize(100_000).build();

  public KeyAuthenticator(Vertx vertx, KeyService keys, InstantSource clock) {
    this.vertx = vertx;
    this.keys = keys;
    this.clock = clock;
  }

  public Future<Caller> authenticate(HttpServerRequest request) {
    if (ambiguous(request)) {
      // Two keys in one request (repeated headers, or a Bearer and an x-api-key that differ): which one a proxy
      // in front of us and which one we would check could differ, so refuse instead of picking one.
      return Future.failedFuture(GatewayException.authentication(
          "Send one API key, once: either 'Authorization: Bearer sk-sluice-...' or 'x-api-key', not both with different values."));
    }
    String presented = presentedKey(request);
    if (presented == null) {
      return Future.failedFuture(GatewayException.authentication(
          "Missing API key. Send your Sluice key as 'Authorization: Bearer sk-sluice-...' or 'x-api-key'."));
    }
    if (!VirtualKeys.isWellFormed(presented)) {
      return Future.failedFuture(invalidKey());
    }
    // The cache is keyed by the key's HMAC digest, not the plaintext: no plaintext key stays in the heap, and the
    // map's equals() only ever compares digests, which a caller cannot steer byte by byte (CWE-208).
    String digest = keys.digest(presented);
    Optional<VirtualKey> cached = cache.getIfPresent(digest);
    if (cached != null) {
      return accept(cached);
    }
    return vertx.executeBlocking(() -> keys.lookupDigest(digest), false)
        .compose(found -> {
          cache.put(digest, found);
          return accept(found);
        });
  }

  /** Forget cached lookups (after a revocation made in this process). */
  public void invalidateAll() {
    cache.invalidateAll();
  }

  private Future<Caller> accept(Optional<VirtualKey> key) {
    if (key.isEmpty() || !key.get().isActiveAt(clock.instant())) {
      return Future.failedFuture(invalidKey());
    }
    VirtualKey k = key.get();
    return Future.succeededFuture(
        new Caller(k.id(), k.name(), k.routing(), k.user(), k.team(), k.org(), k.maxCostNanos()));
  }

  private static GatewayException invalidKey() {
    return GatewayException.authentication("Incorrect API key provided.");
  }

  /** More than one Authorization or x-api-key header, or a Bearer key and an x-api-key that differ. */
  static boolean ambiguous(HttpServerRequest request) {
    if (request.headers().getAll("authorization").size() > 1 || request.headers().getAll("x-api-key").size() > 1) {
      return true;
    }
    String authorization = request.getHeader("authorization");
    String apiKey = request.getHeader("x-api-key");
    if (authorization == null || apiKey == null || apiKey.isBlank()
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return false;
    }
    byte[] bearer = authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
    return !MessageDigest.isEqual(bearer, apiKey.trim().getBytes(StandardCharsets.UTF_8));
  }

  static String presentedKey(HttpServerRequest request) {
    String authorization = request.getHeader("authorization");
    if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      String key = authorization.substring(BEARER.length()).trim();
      return key.isEmpty() ? null : key;
    }
    String apiKey = request.getHeader("x-api-key");
    return apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
  }
}
