package dev.sluice.server.limit;

import dev.sluice.server.admission.RequestScopes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** Test rules without a store: a mutable list the service reads on reload. */
final class Rules {
  private final AtomicReference<List<LimitRule>> current = new AtomicReference<>(List.of());

  static LimitRule rule(String id, String scope, LimitKind kind, long limit) {
    return new LimitRule(id, LimitScope.parse(scope), kind, limit, Instant.EPOCH);
  }

  Rules set(LimitRule... rules) {
    current.set(List.of(rules));
    return this;
  }

  List<LimitRule> get() {
    return current.get();
  }

  static RequestScopes request(String key, String team) {
    return new RequestScopes(key, null, team, null, "openai/gpt-4o", Map.of());
  }
}
