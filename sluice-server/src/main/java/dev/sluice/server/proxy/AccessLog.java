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
    log.info(line(r));
  }

  /**
   * The line, built by hand: the async appender formats a message on the calling thread (the event loop), and
   * SLF4J's fourteen-placeholder formatting (a boxed varargs array, a placeholder scan) was 5% of the event loops'
   * samples in the benchmark's profile.
   */
  static String line(AttemptRecord r) {
    StringBuilder b = new StringBuilder(200)
        .append(r.requestId()).append(" #").append(r.attempt())
        .append(" key=").append(r.keyId())
        .append(" model=").append(r.viaModel())
        .append(" deployment=").append(r.deploymentId())
        .append(' ').append(r.outcome());
    if (r.failure() != null) {
      b.append(':').append(r.failure());
    }
    return b.append(" status=").append(r.status())
        .append(" stream=").append(r.streamed())
        .append(" ms=").append(r.latencyMillis())
        .append(" ttft=").append(r.ttftMillis())
        .append(" in=").append(r.usage().inputTokens())
        .append(" out=").append(r.usage().outputTokens())
        .append(" usage=").append(r.usage().source())
        .toString();
  }
}
