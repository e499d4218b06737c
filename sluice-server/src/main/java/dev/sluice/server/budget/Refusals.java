package dev.sluice.server.budget;

import dev.sluice.core.budget.BudgetPeriod;
import dev.sluice.core.error.ErrorKind;
import dev.sluice.core.error.GatewayException;

/**
 * What a refused request is told: which budget (scope, period, id) or credit line, and its limit, settled and
 * reserved amounts in dollars, so the caller can tell "spent" from "busy" without asking an admin.
 */
final class Refusals {
  private Refusals() {}

  /** 402 {@code insufficient_quota}: the worst case does not fit. */
  static GatewayException doesNotFit(Cap cap, Counter c, long worstCase) {
    if (cap.isCredits()) {
      long balance = cap.limitNanos() - c.settled - c.reserved;
      return GatewayException.insufficientQuota("Insufficient credits for org " + cap.scope().id() + ": balance "
          + Usd.display(balance) + " (granted " + Usd.display(cap.limitNanos()) + ", spent "
          + Usd.display(c.settled) + ", reserved " + Usd.display(c.reserved) + ") does not cover this request's"
          + " worst-case cost of " + Usd.display(worstCase) + ".");
    }
    return GatewayException.insufficientQuota("Budget exceeded: " + describe(cap, c.scopeId) + " has a limit of "
        + Usd.display(cap.limitNanos()) + "; settled " + Usd.display(c.settled) + " and reserved "
        + Usd.display(c.reserved) + " in this window leave no room for this request's worst-case cost of "
        + Usd.display(worstCase) + "." + (c.period == BudgetPeriod.TOTAL ? ""
            : " The window resets at " + c.period.windowEnd(c.windowStart) + "."));
  }

  /** 402 with code {@code unpriced_model}: the budget will not admit a cost it could not count. */
  static GatewayException unpriced(Cap cap, String scopeId, String model) {
    return new GatewayException(ErrorKind.INSUFFICIENT_QUOTA, "Budget " + describe(cap, scopeId)
        + " refuses models without a known price, and `" + model + "` has none. Use a priced model, or set a price"
        + " for it in the configuration.", null, "unpriced_model");
  }

  /** 503, retryable: the budget's spend is not known yet, and money fails closed. */
  static GatewayException notLoaded(Cap cap, String scopeId) {
    return GatewayException.overloaded("The spend of budget " + describe(cap, scopeId) + " is still being read"
        + " from the store; retry in a moment.", /* retryAfterSeconds= */ 1);
  }

  /** {@code team:ml (monthly, bud_3f..)}; per id: {@code key:key_3f (monthly, each key:*, bud_..)}. */
  static String describe(Cap cap, String scopeId) {
    String scope = cap.scope().type().wireName() + ":" + scopeId;
    if (cap.isCredits()) {
      return "credits of " + scope;
    }
    String each = cap.scope().isEach() ? ", each " + cap.scope().wire() : "";
    return scope + " (" + Periods.wireName(cap.period()) + each + ", " + cap.id() + ")";
  }
}
