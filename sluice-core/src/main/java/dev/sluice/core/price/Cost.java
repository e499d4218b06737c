package dev.sluice.core.price;

/**
 * The one authoritative cost of a call, in nano-dollars ({@link Money}). A model with no known price is
 * {@link #UNPRICED}, never silently free: {@code priced} false, zero nanos, and the ledger says so.
 *
 * @param nanos what the call cost, 0 or more; always 0 when unpriced
 * @param priced whether a price was known
 */
public record Cost(long nanos, boolean priced) {

  /** No price known for the model. */
  public static final Cost UNPRICED = new Cost(0, false);

  public Cost {
    if (nanos < 0) {
      throw new IllegalArgumentException("a cost cannot be negative: " + nanos);
    }
    if (!priced && nanos != 0) {
      throw new IllegalArgumentException("an unpriced cost has no amount: " + nanos);
    }
  }

  /** A known cost of {@code nanos} nano-dollars. */
  public static Cost priced(long nanos) {
    return new Cost(nanos, true);
  }
}
