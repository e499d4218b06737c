package dev.sluice.testkit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * What every fake provider shares, whatever protocol it speaks: the Vert.x HTTP server on 127.0.0.1, the bounded
 * request log, the fault state ({@link FakeFaults}: {@code failNext} queue and per-model counts), the open and
 * cancelled stream counters, and an idempotent close. Each {@code Fake*Provider} owns one and delegates its public
 * scaffolding methods to it, keeping only its routes, keys and protocol knobs.
 */
final class FakeServer {
  /**
   * Bounds the request log so a benchmark run (millions of requests through one fake) cannot exhaust the heap;
   * far above what any test sends, so to a test the log is complete.
   */
  static final int MAX_RECORDED = 10_000;

  /** Answers one request whose complete body has arrived (and been recorded). */
  @FunctionalInterface
  interface Handler {
    void handle(HttpServerRequest req, Buffer body);

    /** A handler for routes that read the body as UTF-8 text. */
    static Handler text(BiConsumer<HttpServerRequest, String> route) {
      return (req, body) -> route.accept(req, body.toString(StandardCharsets.UTF_8));
    }
  }

  /** Request and URI side by side, so the two views of the log never disagree. */
  private record Received(RecordedRequest request, String uri) {}

  private final AtomicBoolean closed = new AtomicBoolean();
  private final Vertx vertx;
  private final boolean ownsVertx;
  /** Guarded by itself. */
  private final Deque<Received> received = new ArrayDeque<>();
  private final FakeStreamWriter.Counters streams = new FakeStreamWriter.Counters();
  private final FakeFaults faults = new FakeFaults();
  private volatile HttpServer server;

  /** A server on {@code vertx}, not yet listening; {@code ownsVertx}: {@link #close()} closes the Vertx too. */
  FakeServer(Vertx vertx, boolean ownsVertx) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
  }

  /**
   * Runs {@code launch} on a new Vertx that the fake will own, and waits for it to listen; if that fails the Vertx
   * is closed again. Blocks: call it off the event loop.
   */
  static <F> F onOwnVertx(Function<Vertx, Future<F>> launch) {
    Vertx vertx = Vertx.vertx();
    try {
      return launch.apply(vertx).await();
    } catch (RuntimeException e) {
      vertx.close();
      throw e;
    }
  }

  /** Listens on 127.0.0.1:{@code port} (0 picks a free one); every complete request is recorded, then handled. */
  Future<Void> listen(int port, Handler handler) {
    // HTTP/1.1 only: the faults (truncate = connection closed mid-body) are defined for it, and a client that
    // offers an h2c upgrade (java.net.http does) would otherwise get different semantics than the gateway does.
    HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(port)
        .setHttp2ClearTextEnabled(false);
    return vertx.createHttpServer(options)
        .requestHandler(req -> req.body().onSuccess(body -> {
          record(req, body);
          handler.handle(req, body);
        }))
        .listen()
        .map(s -> {
          server = s;
          return null;
        });
  }

  Vertx vertx() {
    return vertx;
  }

  FakeStreamWriter.Counters streams() {
    return streams;
  }

  FakeFaults faults() {
    return faults;
  }

  int port() {
    return server.actualPort();
  }

  /** {@code http://127.0.0.1:<port>}, the root every fake's base URL starts with. */
  String origin() {
    return "http://127.0.0.1:" + port();
  }

  List<RecordedRequest> requests() {
    synchronized (received) {
      return received.stream().map(Received::request).toList();
    }
  }

  RecordedRequest lastRequest() {
    synchronized (received) {
      Received last = received.peekLast();
      return last == null ? null : last.request();
    }
  }

  /** Path and query of every recorded request, in the order of {@link #requests()}. */
  List<String> requestUris() {
    synchronized (received) {
      return received.stream().map(Received::uri).toList();
    }
  }

  String lastRequestUri() {
    synchronized (received) {
      Received last = received.peekLast();
      return last == null ? null : last.uri();
    }
  }

  void clearRequests() {
    synchronized (received) {
      received.clear();
    }
  }

  int openStreams() {
    return streams.open.get();
  }

  int cancelledStreams() {
    return streams.cancelled.get();
  }

  /** Stops the server (dropping stalled connections) and an owned Vertx. Blocks; a second call does nothing. */
  void close() {
    if (!closed.compareAndSet(false, true)) {
      return; // closing twice is harmless (a test may stop a provider early to simulate an outage)
    }
    HttpServer s = server;
    if (s != null) {
      s.close().await();
    }
    if (ownsVertx) {
      vertx.close().await();
    }
  }

  private void record(HttpServerRequest req, Buffer body) {
    Map<String, String> headers = new LinkedHashMap<>();
    req.headers().forEach((name, value) ->
        headers.merge(name.toLowerCase(Locale.ROOT), value, (a, b) -> a + ", " + b));
    RecordedRequest recorded = new RecordedRequest(req.method().name(), req.path(), headers,
        body.toString(StandardCharsets.UTF_8));
    synchronized (received) {
      if (received.size() == MAX_RECORDED) {
        received.removeFirst();
      }
      received.addLast(new Received(recorded, req.uri()));
    }
  }
}
