package dev.sluice.server.http;

import dev.sluice.core.error.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
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

  /** The body stopped arriving for longer than the idle timeout (slow POST): the caller answers 408. */
  public static final class Stalled extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stalled() {
      super("request body idle", null, false, false);
    }
  }

  /** The body could not be decoded (a malformed chunk) or the client broke off: the caller answers 400. */
  public static final class Unreadable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unreadable(Throwable cause) {
      super("request body unreadable", cause, false, false);
    }
  }

  public static Future<Buffer> read(HttpServerRequest request, long maxBytes) {
    return read(request, maxBytes, null);
  }

  /**
   * As {@link #read(HttpServerRequest, long)}, and fails with {@link Stalled} when no byte of the body arrives
   * for {@code idleTimeout} (null: no limit), so a client cannot hold a connection by trickling a body.
   */
  public static Future<Buffer> read(HttpServerRequest request, long maxBytes, java.time.Duration idleTimeout) {
    String declared = request.getHeader("content-length");
    if (declared != null) {
      long length = parseLength(declared);
      if (length > maxBytes) {
        return Future.failedFuture(tooLarge(maxBytes));
      }
    }
    Promise<Buffer> promise = Promise.promise();
    long[] lastByteNanos = {System.nanoTime()};
    if (idleTimeout != null && Vertx.currentContext() != null) {
      Vertx vertx = Vertx.currentContext().owner();
      long[] timer = {-1};
      watchIdle(vertx, promise, lastByteNanos, idleTimeout.toNanos(), timer);
      // Cancelled as soon as the body is read: a timer left to run out held the promise, and so the whole body,
      // for the idle window (30 s): at c=32 about 85,000 bodies and timers at once, an old generation full of
      // them and full GC pauses of 100-200 ms (and a timer queue the event loop had to keep sorted).
      promise.future().onComplete(done -> vertx.cancelTimer(timer[0]));
    }
    Buffer body = Buffer.buffer(declared != null ? (int) Math.min(parseLength(declared), maxBytes) : 1024);
    request.handler(chunk -> {
      lastByteNanos[0] = System.nanoTime();
      if (body.length() + chunk.length() > maxBytes) {
        request.handler(dropped -> { }); // stop collecting; the 413 path drains the rest
        promise.tryFail(tooLarge(maxBytes));
        return;
      }
      body.appendBuffer(chunk);
    });
    request.endHandler(v -> promise.tryComplete(body));
    request.exceptionHandler(failure -> promise.tryFail(new Unreadable(failure)));
    request.resume();
    return promise.future();
  }

  /**
   * One timer at a time, re-armed for what is left of the idle window, until the body is complete; its id is kept
   * in {@code timer} so completion can cancel it.
   */
  private static void watchIdle(Vertx vertx, Promise<Buffer> promise, long[] lastByteNanos, long idleNanos,
      long[] timer) {
    long left = idleNanos - (System.nanoTime() - lastByteNanos[0]);
    timer[0] = vertx.setTimer(Math.max(1, left / 1_000_000), t -> {
      if (promise.future().isComplete()) {
        return;
      }
      if (System.nanoTime() - lastByteNanos[0] >= idleNanos) {
        promise.tryFail(new Stalled());
      } else {
        watchIdle(vertx, promise, lastByteNanos, idleNanos, timer);
      }
    });
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
