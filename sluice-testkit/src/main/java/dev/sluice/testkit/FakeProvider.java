package dev.sluice.testkit;

import java.util.List;

/**
 * What every fake provider offers besides its protocol: the port, the request log, programmatic faults, the
 * stream counters and {@link #close()}. The protocol's own fake adds how to start it, its base URL, its
 * credentials and its routes.
 *
 * @param <SELF> the fake's own type, so chained calls such as {@code failNext(1, 500).failNext(1, 429)} keep it
 */
public abstract class FakeProvider<SELF extends FakeProvider<SELF>> implements AutoCloseable {
  final FakeServer server;

  FakeProvider(FakeServer server) {
    this.server = server;
  }

  @SuppressWarnings("unchecked")
  private SELF self() {
    return (SELF) this;
  }

  public int port() {
    return server.port();
  }

  /** Every request received so far (the latest {@value FakeServer#MAX_RECORDED}), in order of arrival. */
  public List<RecordedRequest> requests() {
    return server.requests();
  }

  /** The latest request, or null when none came. */
  public RecordedRequest lastRequest() {
    return server.lastRequest();
  }

  public void clearRequests() {
    server.clearRequests();
  }

  /**
   * Makes the next {@code n} requests with a usable body, of any model, fail at once with {@code status}
   * (400-599) and the provider's own error body: before every model-name knob, even {@code stall} and
   * {@code slow-}. Calls queue up: {@code failNext(1, 503).failNext(1, 429)} fails the next request with 503 and
   * the one after with 429. Requests failed this way still count in {@link #requestCount}. Safe from any thread.
   *
   * @throws IllegalArgumentException for a negative {@code n} or a status outside 400-599
   */
  public SELF failNext(int n, int status) {
    server.faults().failNext(n, status);
    return self();
  }

  /**
   * Forgets the queued {@link #failNext} failures and every per-model request count, so each {@code flaky-<n>}
   * model fails its first n requests again and {@link #requestCount} starts from 0. The request log is left
   * alone; see {@link #clearRequests()}.
   */
  public void resetFaults() {
    server.faults().reset();
  }

  /**
   * Requests seen for exactly this model (deployment, model id) name since the start or the last
   * {@link #resetFaults()}: those that passed the provider's key and body checks, however they were answered.
   * The count {@code flaky-<n>} is judged by.
   */
  public int requestCount(String model) {
    return server.faults().count(model);
  }

  /** Streams whose headers are out and whose end (or fault) is not yet written. */
  public int openStreams() {
    return server.openStreams();
  }

  /** Streams whose client went away before the end. */
  public int cancelledStreams() {
    return server.cancelledStreams();
  }

  /** Stops the server (dropping stalled connections) and, if the fake made its Vertx, the Vertx. Idempotent. */
  @Override
  public void close() {
    server.close();
  }
}
