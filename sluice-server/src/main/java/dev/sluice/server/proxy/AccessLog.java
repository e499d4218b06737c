package dev.sluice.server.proxy;

import dev.sluice.core.model.Usage;
import dev.sluice.server.http.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per proxied request on the {@code sluice.access} logger: request id, key id (never the key),
 * provider, model, status, latency and tokens. No prompt or completion text: bodies are not logged.
 * The durable usage ledger replaces this as the record of truth; this stays as the operator's log.
 */
public final class AccessLog {
  private static final Logger log = LoggerFactory.getLogger("sluice.access");

  void completed(Exchange exchange, Target target, int status, Usage usage, boolean streamed) {
    if (!log.isInfoEnabled()) {
      return;
    }
    long micros = (System.nanoTime() - exchange.startNanos()) / 1_000;
    log.info("{} key={} {} {}/{} status={} stream={} ms={} in={} out={} usage={}",
        exchange.id(),
        exchange.caller() == null ? "-" : exchange.caller().keyId(),
        exchange.request().path(),
        target.endpoint().name(), target.deployment().model(),
        status, streamed, micros / 1000.0,
        usage.inputTokens(), usage.outputTokens(), usage.source());
  }
}
