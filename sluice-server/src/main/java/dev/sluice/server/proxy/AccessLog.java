package dev.sluice.server.proxy;

import dev.sluice.core.usage.AttemptRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per upstream attempt on the {@code sluice.access} logger: request id, attempt number, key id
 * (never the key), deployment, outcome, status, latency and tokens. No prompt or completion text.
 */
public final class AccessLog implements AttemptRecorder {
  private static final Logger log = LoggerFactory.getLogger("sluice.access");

  @Override
  public void record(AttemptRecord r) {
    if (!log.isInfoEnabled()) {
      return;
    }
    log.info("{} #{} key={} model={} deployment={} {}{} status={} stream={} ms={} ttft={} in={} out={} usage={}",
        r.requestId(), r.attempt(), r.keyId(), r.viaModel(), r.deploymentId(), r.outcome(),
        r.failure() == null ? "" : ":" + r.failure(), r.status(), r.streamed(), r.latencyMillis(), r.ttftMillis(),
        r.usage().inputTokens(), r.usage().outputTokens(), r.usage().source());
  }
}
