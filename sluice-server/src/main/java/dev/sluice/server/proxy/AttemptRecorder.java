package dev.sluice.server.proxy;

import dev.sluice.core.usage.AttemptRecord;
import dev.sluice.core.usage.AttemptStart;
import io.vertx.core.Future;

/**
 * Where attempt records go. Called on the event loop; implementations must not block (the access log
 * hands lines to an asynchronous appender; the usage ledger hands entries to its journal writer).
 */
public interface AttemptRecorder {

  /**
   * Called before an attempt is sent; the attempt is sent only once the returned future completes, so a
   * recorder can make the intent survive a crash (the ledger completes it once the journal has written the
   * entry). Never fails the request: a recorder that cannot write completes anyway and says so in its logs
   * and metrics, or fails it when configured to fail closed.
   */
  default Future<Void> begin(AttemptStart start) {
    return Future.succeededFuture();
  }

  /** Exactly once per begun attempt, when it ends. */
  void record(AttemptRecord record);
}
