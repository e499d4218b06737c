package dev.sluice.server.proxy;

import dev.sluice.core.model.Usage;
import dev.sluice.server.http.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per upstream attempt on the {@code sluice.access} logger: request id, attempt number, key id
 * (never the key), deployment, outcome, status, latency and tokens. No prompt or completion text. The
 * durable usage ledger becomes the record of truth; this stays as the operator's log.
 */
final class AccessLog {
  private static final Logger log = LoggerFactory.getLogger("sluice.access");

  void attempt(Exchange exchange, int attempt, Target target, String outcome, int status, Usage usage,
      boolean streamed) {
    if (!log.isInfoEnabled()) {
      return;
    }
    long micros = (System.nanoTime() - exchange.startNanos()) / 1_000;
    log.info("{} #{} key={} {} {} {} status={} stream={} ms={} in={} out={} usage={}",
        exchange.id(), attempt,
        exchange.caller() == null ? "-" : exchange.caller().keyId(),
        exchange.request().path(),
        target.deployment().id(), outcome,
        status, streamed, micros / 1000.0,
        usage.inputTokens(), usage.outputTokens(), usage.source());
  }
}
