package dev.sluice.server.admission;

/**
 * Budgets and prepaid credits at admission: reserve the request's worst case before any upstream call,
 * settle to the real cost after it. Thread-safe; exact under concurrency (no two reservations can both
 * fit where only one does).
 */
public interface Budgets {

  /**
   * Makes sure the budgets that apply to these scopes know their settled spend, loading it from the ledger
   * off the event loop when a scope is seen for the first time; {@link #reserve} is then non-blocking.
   */
  default java.util.concurrent.CompletionStage<Void> prepare(RequestScopes scopes) {
    return java.util.concurrent.CompletableFuture.completedFuture(null);
  }

  /**
   * Reserves {@code worstCaseNanos} against every budget and credit balance that applies to the request.
   *
   * @param unpricedModel true when a deployment the request may use has no known price (a budget set to
   *     refuse unpriced models then refuses)
   * @return the reservation (never null; {@link Reservation#NONE} when nothing applies)
   * @throws dev.sluice.core.error.GatewayException INSUFFICIENT_QUOTA (402) naming the budget that does not
   *     fit, with settled, reserved and limit amounts in the message
   */
  Reservation reserve(RequestScopes scopes, long worstCaseNanos, boolean unpricedModel);

  /** A live reservation. Settle or release exactly once; later calls are ignored. */
  interface Reservation {
    /** Replaces the reserved amount with the real cost (which may be more or less than reserved). */
    void settle(long actualNanos);

    /** Drops the reservation without spending (nothing was served, or the cost is unknown). */
    void release();

    Reservation NONE = new Reservation() {
      @Override
      public void settle(long actualNanos) {}

      @Override
      public void release() {}
    };
  }
}
