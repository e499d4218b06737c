package dev.sluice.server.store;

/** The store failed; the message is safe to log (no key material). */
public final class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
