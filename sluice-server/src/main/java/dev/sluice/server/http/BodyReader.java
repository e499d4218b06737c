package dev.sluice.server.http;

import dev.sluice.core.error.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a request body up to a limit. A declared Content-Length over the limit is refused before a byte
 * is read; a chunked body is counted as it arrives and refused the moment it passes the limit, so an
 * oversized body is never held in memory whole. The request must be paused by the caller and is resumed
 * here.
 */
public final class BodyReader {
  private BodyReader() {}

  public static Future<Buffer> read(HttpServerRequest request, long maxBytes) {
    String declared = request.getHeader("content-length");
    if (declared != null) {
      long length = parseLength(declared);
      if (length > maxBytes) {
        return Future.failedFuture(tooLarge(maxBytes));
      }
    }
    Promise<Buffer> promise = Promise.promise();
    Buffer body = Buffer.buffer(declared != null ? (int) Math.min(parseLength(declared), maxBytes) : 1024);
    request.handler(chunk -> {
      if (body.length() + chunk.length() > maxBytes) {
        request.handler(dropped -> { }); // stop collecting; the 413 path drains the rest
        promise.tryFail(tooLarge(maxBytes));
        return;
      }
      body.appendBuffer(chunk);
    });
    request.endHandler(v -> promise.tryComplete(body));
    request.exceptionHandler(promise::tryFail);
    request.resume();
    return promise.future();
  }

  private static long parseLength(String value) {
    try {
      return Math.max(0, Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return 0; // Netty already rejects malformed Content-Length before we see the request
    }
  }

  private static GatewayException tooLarge(long maxBytes) {
    return GatewayException.payloadTooLarge(
        "The request body is larger than the gateway's limit of " + maxBytes + " bytes.");
  }
}
