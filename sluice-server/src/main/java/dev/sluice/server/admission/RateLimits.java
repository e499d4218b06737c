package dev.sluice.server.admission;

import java.util.Map;

/**
 * Rate limits at admission: requests per minute, tokens per minute and concurrent requests, per key, user,
 * team, org, model or tag. Thread-safe. The state lives behind a store interface so a Redis store can be a
 * second implementation of the same contract.
 */
public interface RateLimits {

  /**
   * Takes one request and {@code estimatedTokens} from every limit that applies.
   *
   * @return the permit (never null); when refused, {@link Permit#allowed()} is false and nothing was taken
   */
  Permit acquire(RequestScopes scopes, long estimatedTokens);

  interface Permit {
    boolean allowed();

    /**
     * OpenAI-convention headers for the tightest applying limits: {@code x-ratelimit-limit-requests},
     * {@code x-ratelimit-remaining-requests}, {@code x-ratelimit-reset-requests} and the {@code -tokens}
     * variants; empty when no limit applies.
     */
    Map<String, String> headers();

    /** When refused: seconds until a retry can succeed (for Retry-After), and which limit refused. */
    long retryAfterSeconds();

    String refusal();

    /** The request ended: release its concurrency slot and settle tokens (estimated → actual). Once. */
    void complete(long actualTokens);

    Permit UNLIMITED = new Permit() {
      @Override
      public boolean allowed() {
        return true;
      }

      @Override
      public Map<String, String> headers() {
        return Map.of();
      }

      @Override
      public long retryAfterSeconds() {
        return 0;
      }

      @Override
      public String refusal() {
        return null;
      }

      @Override
      public void complete(long actualTokens) {}
    };
  }
}
