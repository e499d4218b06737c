package dev.sluice.server.limit;

import dev.sluice.server.admission.RateLimits;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An admitted request's hold on its limits: tokens taken at the estimate and concurrency slots, settled
 * once by {@link #complete}. A negative actual count means "unknown": the estimate stands.
 */
final class LimitPermit implements RateLimits.Permit {
  private final RateLimitService service;
  private final List<RateLimitService.Taken> taken;
  private final long estimatedTokens;
  private final Map<String, String> headers;
  private final AtomicBoolean completed = new AtomicBoolean();

  LimitPermit(RateLimitService service, List<RateLimitService.Taken> taken, long estimatedTokens,
      Map<String, String> headers) {
    this.service = service;
    this.taken = List.copyOf(taken);
    this.estimatedTokens = estimatedTokens;
    this.headers = headers;
  }

  @Override
  public boolean allowed() {
    return true;
  }

  @Override
  public Map<String, String> headers() {
    return headers;
  }

  @Override
  public long retryAfterSeconds() {
    return 0;
  }

  @Override
  public String refusal() {
    return null;
  }

  @Override
  public void complete(long actualTokens) {
    if (completed.compareAndSet(false, true)) {
      service.settle(taken, estimatedTokens, actualTokens);
    }
  }
}
