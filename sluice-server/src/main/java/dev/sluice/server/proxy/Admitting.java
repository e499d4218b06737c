package dev.sluice.server.proxy;

import dev.sluice.server.admission.Admission;
import dev.sluice.server.admission.RequestScopes;
import dev.sluice.server.http.ErrorResponder;
import dev.sluice.server.http.Exchange;

/** The step every chat route shares between planning and the first attempt. */
final class Admitting {
  private Admitting() {}

  /**
   * Runs {@code admitted} once the budgets know this request's scopes (usually at once; the first request
   * of a new scope waits for its spend to load off the event loop). Refusals become the caller's error.
   */
  static void whenAdmitted(Admission admission, Exchange exchange, RequestScopes scopes, Runnable admitted) {
    admission.prepare(scopes).onComplete(ready -> {
      if (ready.failed()) {
        ErrorResponder.send(exchange, ready.cause());
        return;
      }
      try {
        admitted.run();
      } catch (RuntimeException refused) {
        ErrorResponder.send(exchange, refused);
      }
    });
  }
}
