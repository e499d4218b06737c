package dev.sluice.server.admission;

import dev.sluice.core.error.ErrorKind;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.price.CostCalculator;
import dev.sluice.core.price.Money;
import dev.sluice.core.route.DeploymentSpec;
import dev.sluice.core.route.Plan;
import dev.sluice.core.route.RequestNeeds;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;

/**
 * The money checks every proxied request passes before any upstream call, in this order: the per-request
 * cost cap ({@code max_cost} in the request or on the key), rate limits (requests, tokens, concurrency),
 * then the budget reservation of the worst case. Whatever was taken is given back on a refusal, and
 * settled through the {@link Ticket} when the request ends.
 */
public final class Admission {
  /**
   * Output tokens assumed when a request sets no {@code max_tokens}: a reservation needs a worst case, and
   * most answers are far shorter; the reservation is settled to the real cost anyway. Capped by the model's
   * context window when that is known.
   */
  public static final long DEFAULT_MAX_OUTPUT_TOKENS = 4096;

  private final Budgets budgets;
  private final RateLimits limits;

  public Admission(Budgets budgets, RateLimits limits) {
    this.budgets = budgets;
    this.limits = limits;
  }

  /** What the request holds until it ends: its budget reservation and its rate-limit permit. */
  public record Ticket(Budgets.Reservation reservation, RateLimits.Permit permit) {
    public static final Ticket NONE = new Ticket(Budgets.Reservation.NONE, RateLimits.Permit.UNLIMITED);

    /** The request ended: settle the reservation to the real cost (or release it) and the permit to real tokens. */
    public void settle(long costNanos, boolean priced, long tokens) {
      if (priced) {
        reservation.settle(costNanos);
      } else {
        reservation.release();
      }
      permit.complete(tokens);
    }
  }

  /** Loads what the budgets need for these scopes (see {@link Budgets#prepare}); completes on the caller's context. */
  public io.vertx.core.Future<Void> prepare(RequestScopes scopes) {
    java.util.concurrent.CompletionStage<Void> ready = budgets.prepare(scopes);
    if (ready.toCompletableFuture().isDone() && !ready.toCompletableFuture().isCompletedExceptionally()) {
      return io.vertx.core.Future.succeededFuture();
    }
    return io.vertx.core.Future.fromCompletionStage(ready, io.vertx.core.Vertx.currentContext());
  }

  /**
   * @param maxCostNanos the request's or key's cost cap, or null
   * @param response where the rate-limit headers go (set now, before the response starts)
   */
  public Ticket admit(RequestScopes scopes, Plan plan, RequestNeeds needs, Long maxCostNanos,
      HttpServerResponse response) {
    long worstCase = 0;
    boolean unpriced = false;
    for (Plan.Attempt attempt : plan.attempts()) {
      DeploymentSpec d = attempt.deployment();
      if (d.price() == null) {
        unpriced = true;
        continue;
      }
      worstCase = Math.max(worstCase, CostCalculator.worstCaseNanos(d.price(), needs.promptTokens(),
          maxOutputTokens(needs, d)));
    }
    if (maxCostNanos != null) {
      checkCap(maxCostNanos, worstCase, unpriced);
    }
    RateLimits.Permit permit = limits.acquire(scopes, needs.promptTokens() + maxOutputTokens(needs, null));
    for (Map.Entry<String, String> header : permit.headers().entrySet()) {
      response.putHeader(header.getKey(), header.getValue());
    }
    if (!permit.allowed()) {
      throw new GatewayException(ErrorKind.RATE_LIMITED, "Rate limit reached for " + permit.refusal()
          + ". Retry after " + permit.retryAfterSeconds() + " s.", null, "rate_limit_exceeded",
          (int) Math.max(1, Math.min(Integer.MAX_VALUE, permit.retryAfterSeconds())), null);
    }
    try {
      return new Ticket(budgets.reserve(scopes, worstCase, unpriced), permit);
    } catch (RuntimeException refused) {
      permit.complete(0);
      throw refused;
    }
  }

  private static void checkCap(long cap, long worstCase, boolean unpriced) {
    if (unpriced) {
      throw new GatewayException(ErrorKind.INVALID_REQUEST, "max_cost is set but a model this request may use has"
          + " no known price, so its worst-case cost cannot be bounded.", "max_cost", "max_cost_exceeded");
    }
    if (worstCase > cap) {
      throw new GatewayException(ErrorKind.INVALID_REQUEST, "The worst-case cost of this request, $"
          + Money.usd(worstCase) + " (prompt estimate plus max_tokens at the model's price), exceeds max_cost $"
          + Money.usd(cap) + ". Lower max_tokens or raise max_cost.", "max_cost", "max_cost_exceeded");
    }
  }

  private static long maxOutputTokens(RequestNeeds needs, DeploymentSpec deployment) {
    if (needs.maxOutputTokens() > 0) {
      return needs.maxOutputTokens();
    }
    if (deployment != null && deployment.contextWindow() != null) {
      return Math.max(1, Math.min(DEFAULT_MAX_OUTPUT_TOKENS, deployment.contextWindow() - needs.promptTokens()));
    }
    return DEFAULT_MAX_OUTPUT_TOKENS;
  }
}
