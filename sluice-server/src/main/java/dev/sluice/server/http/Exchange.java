package dev.sluice.server.http;

import dev.sluice.core.error.GatewayException;
import dev.sluice.server.auth.Caller;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.function.Function;

/**
 * One client request as it moves through the gateway: the Vert.x request, its id, when it arrived and,
 * once admitted, who made it. Lives on one event loop; not thread-safe.
 */
public final class Exchange {
  private final HttpServerRequest request;
  private final String id;
  private final long startNanos;
  private Caller caller;
  private ErrorDialect dialect = ErrorDialect.OPENAI;
  private Function<GatewayException, byte[]> streamError;

  Exchange(HttpServerRequest request, String id, long startNanos) {
    this.request = request;
    this.id = id;
    this.startNanos = startNanos;
  }

  public HttpServerRequest request() {
    return request;
  }

  public HttpServerResponse response() {
    return request.response();
  }

  public String id() {
    return id;
  }

  public long startNanos() {
    return startNanos;
  }

  public Caller caller() {
    return caller;
  }

  /** How this caller expects errors (OpenAI's error object unless the route says otherwise). */
  public ErrorDialect dialect() {
    return dialect;
  }

  public void speaks(ErrorDialect dialect) {
    this.dialect = dialect;
  }

  /**
   * Set when a stream reaches the client: its in-band error event comes from the encoder that wrote the
   * stream, which knows what it opened (the dialect's stateless event would start a new response).
   */
  public void streamErrorsVia(Function<GatewayException, byte[]> writer) {
    this.streamError = writer;
  }

  /** The in-band error event that ends a stream already under way. */
  public byte[] midStreamError(GatewayException error) {
    return streamError != null ? streamError.apply(error) : dialect.midStream(error);
  }

  void admit(Caller caller) {
    this.caller = caller;
  }

  /** True while nothing of the response has gone out, so an error can still get its own status code. */
  public boolean responseNotStarted() {
    return !request.response().headWritten() && !request.response().ended();
  }
}
