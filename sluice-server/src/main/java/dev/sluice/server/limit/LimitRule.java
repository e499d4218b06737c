package dev.sluice.server.limit;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored rate limit: at most {@code limit} requests or tokens per minute, or requests in flight, for a
 * scope. There is one rule per (scope, kind).
 *
 * @param id public id ({@code lim_...}), for delete
 */
public record LimitRule(String id, LimitScope scope, LimitKind kind, long limit, Instant createdAt) {
  public LimitRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(createdAt, "createdAt");
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
  }

  /** As operators write it: {@code team:ml rpm 60}. */
  public String describe() {
    return scope + " " + kind.wireName() + " " + limit;
  }
}
