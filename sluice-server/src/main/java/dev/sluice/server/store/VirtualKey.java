package dev.sluice.server.store;

import java.time.Instant;

/** A stored virtual key, without the key itself (only its hash exists). */
public record VirtualKey(
    String id, String name, String hint, Instant createdAt, Instant expiresAt, Instant revokedAt) {

  public boolean isActiveAt(Instant now) {
    return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
  }
}
