package dev.sluice.server.limit;

import dev.sluice.core.error.GatewayException;
import dev.sluice.server.admission.ScopeType;
import java.util.function.Predicate;

/**
 * A limit as an operator asks for it (admin API or CLI), validated: the scope parses, the kind is known,
 * the limit is a positive integer, and a {@code model:} scope names a model the gateway serves (a typo
 * there would otherwise be a rule that never applies). Each failure is a 400 naming the field.
 */
public record LimitInput(LimitScope scope, LimitKind kind, long limit) {
  /**
   * Above any real quota (providers' top tiers are ~10^8 tokens per minute) and well inside GCRA's
   * resolution: one unit per nanosecond is 6·10^10 per minute, beyond which limits would all behave alike.
   */
  static final long MAX_LIMIT = 1_000_000_000L;

  /**
   * @param knownModel true for a model alias or a {@code provider/model} of a configured provider
   * @throws GatewayException INVALID_REQUEST with {@code param} set to "scope", "kind" or "limit"
   */
  public static LimitInput parse(String scope, String kind, Long limit, Predicate<String> knownModel) {
    LimitScope parsed;
    try {
      parsed = LimitScope.parse(scope);
    } catch (IllegalArgumentException e) {
      throw GatewayException.invalidRequest(e.getMessage(), "scope");
    }
    if (parsed.type() == ScopeType.MODEL && !parsed.isEach() && !knownModel.test(parsed.id())) {
      throw GatewayException.invalidRequest("model \"" + parsed.id() + "\" is neither a model alias nor"
          + " provider/model of a configured provider", "scope", "model_not_found");
    }
    return new LimitInput(parsed, kind(kind), limit(limit));
  }

  private static LimitKind kind(String kind) {
    if (kind == null) {
      throw GatewayException.invalidRequest("kind is required: rpm, tpm or concurrency", "kind");
    }
    LimitKind parsed = LimitKind.fromWireName(kind);
    if (parsed == null) {
      throw GatewayException.invalidRequest("kind \"" + kind + "\" is unknown; use rpm, tpm or concurrency", "kind");
    }
    return parsed;
  }

  private static long limit(Long limit) {
    if (limit == null) {
      throw GatewayException.invalidRequest("limit is required: a positive integer", "limit");
    }
    if (limit <= 0) {
      throw GatewayException.invalidRequest("limit must be a positive integer, not " + limit
          + " (delete the rule to remove a limit)", "limit");
    }
    if (limit > MAX_LIMIT) {
      throw GatewayException.invalidRequest("limit must be at most " + MAX_LIMIT + ", not " + limit, "limit");
    }
    return limit;
  }
}
