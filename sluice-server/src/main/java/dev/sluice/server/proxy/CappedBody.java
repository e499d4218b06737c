package dev.sluice.server.proxy;

import dev.sluice.core.error.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

/** Reads a provider's response body, refusing one larger than a cap instead of holding it all. */
final class CappedBody {
  /** Far above any real completion or embeddings batch; a larger body is a broken or hostile upstream. */
  static final int MAX_UPSTREAM_BODY = 64 * 1024 * 1024;

  private CappedBody() {}

  static Future<Buffer> read(HttpClientResponse response, String provider) {
    Promise<Buffer> promise = Promise.promise();
    Buffer body = Buffer.buffer();
    response.handler(chunk -> {
      if (body.length() + chunk.length() > MAX_UPSTREAM_BODY) {
        response.handler(null);
        promise.tryFail(GatewayException.upstream(
            "Provider '" + provider + "' sent a response larger than " + MAX_UPSTREAM_BODY + " bytes."));
        response.request().reset();
        return;
      }
      body.appendBuffer(chunk);
    });
    response.exceptionHandler(promise::tryFail);
    response.endHandler(v -> promise.tryComplete(body));
    return promise.future();
  }
}
