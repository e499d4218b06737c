package dev.sluice.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load generator: Vert.x HTTP/1.1 client, keep-alive, a connection pool per target sized to the concurrency.
 * Closed loop: {@code c} workers, each sends its next request when the previous one completes. Open loop: a
 * constant arrival rate from one pacing thread; latency counts from the intended send time, so a stalled
 * server cannot hide its queueing (coordinated omission corrected).
 */
final class LoadGen implements AutoCloseable {
  private static final String BODY =
      "{\"model\":\"%s\",\"stream\":%s,\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
  /** Open loop: at most this many requests outstanding; beyond it a send is counted as dropped. */
  static final int OPEN_LOOP_MAX_IN_FLIGHT = 4096;

  private final Vertx vertx;
  private final Map<Integer, HttpClient> clients = new HashMap<>();

  LoadGen(Vertx vertx) {
    this.vertx = vertx;
  }

  private synchronized HttpClient client(int poolSize) {
    return clients.computeIfAbsent(poolSize, n -> vertx.createHttpClient(
        new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true).setConnectTimeout(5_000)
            .setIdleTimeout(0).setMaxRedirects(0),
        new PoolOptions().setHttp1MaxSize(n).setMaxWaitQueueSize(-1)));
  }

  /** Closed loop for a duration (each worker stops sending at the deadline; in-flight requests finish). */
  RunResult closed(Target t, String model, boolean stream, int c, long durationMs) {
    return closed(t, model, stream, c, durationMs, Long.MAX_VALUE);
  }

  /** Closed loop until the deadline or until each worker has sent {@code perWorker} requests. */
  RunResult closed(Target t, String model, boolean stream, int c, long durationMs, long perWorker) {
    RunResult r = new RunResult(t.name());
    HttpClient client = client(c);
    RequestOptions ro = options(t);
    Buffer body = body(t, model, stream);
    CountDownLatch done = new CountDownLatch(c);
    long start = System.nanoTime();
    long deadline = start + TimeUnit.MILLISECONDS.toNanos(durationMs);
    for (int i = 0; i < c; i++) {
      new Worker(client, ro, body, stream, r, deadline, perWorker, done).next();
    }
    await(done, durationMs);
    // Throughput is over the sending window and the answers to it, not over a hung request's timeout.
    long now = System.nanoTime();
    r.elapsedNanos = (now <= deadline ? now : Math.max(deadline, r.lastOkNanos)) - start;
    return r;
  }

  /** Open loop at {@code rate} requests per second for a duration, over up to {@code pool} connections. */
  RunResult open(Target t, String model, boolean stream, double rate, long durationMs, int pool) {
    RunResult r = new RunResult(t.name());
    HttpClient client = client(pool);
    RequestOptions ro = options(t);
    Buffer body = body(t, model, stream);
    AtomicInteger inFlight = new AtomicInteger();
    long start = OpenLoop.run(rate, durationMs, (i, intended, sinceStart) -> {
      if (inFlight.get() >= OPEN_LOOP_MAX_IN_FLIGHT) {
        r.dropped();
        return;
      }
      inFlight.incrementAndGet();
      send(client, ro, body, stream, r, intended, inFlight::decrementAndGet);
    });
    OpenLoop.drain(inFlight);
    r.elapsedNanos = System.nanoTime() - start;
    return r;
  }

  private final class Worker {
    final HttpClient client;
    final RequestOptions ro;
    final Buffer body;
    final boolean stream;
    final RunResult r;
    final long deadline;
    long remaining;
    final CountDownLatch done;

    Worker(HttpClient client, RequestOptions ro, Buffer body, boolean stream, RunResult r, long deadline,
        long perWorker, CountDownLatch done) {
      this.client = client;
      this.ro = ro;
      this.body = body;
      this.stream = stream;
      this.r = r;
      this.deadline = deadline;
      this.remaining = perWorker;
      this.done = done;
    }

    void next() {
      if (remaining-- <= 0 || System.nanoTime() >= deadline) {
        done.countDown();
        return;
      }
      // Continue on a fresh task: a failure can complete synchronously and must not grow the stack.
      send(client, ro, body, stream, r, System.nanoTime(), () -> vertx.runOnContext(v -> next()));
    }
  }

  /**
   * One request; {@code startNanos} is when it was (meant to be) sent. Records exactly one outcome and then calls
   * {@code whenDone} once: when the answer ends or fails, or when the watchdog gives up on it.
   */
  private void send(HttpClient client, RequestOptions ro, Buffer body, boolean stream, RunResult r,
      long startNanos, Runnable whenDone) {
    if (!io.vertx.core.Context.isOnVertxThread()) {
      // Requests made from a plain thread (the open loop's pacer, a closed-loop worker's first request) sometimes
      // never completed their body: headers came, the end never did, though the server had sent it (the gateway
      // logged them SERVED): 9 to 27 of 1,250 at 250 req/s through the gateway, and about one in 100,000 on the
      // direct path. Started on an event loop instead, 0 of 16,250 at 250 to 1,500 req/s. So every request starts on
      // one; the intended start time is taken before the hop, so the hop counts as latency, as it should.
      vertx.runOnContext(v -> send(client, ro, body, stream, r, startNanos, whenDone));
      return;
    }
    Finish finish = new Finish(whenDone);
    // The request's idle timeout only runs once it holds a connection; a request that never got one (seen once in
    // CI on the direct path, with no gateway involved) stalled a run silently for a minute. The watchdog turns
    // such a request into an error that names the stage it was stuck in.
    finish.watchdog = vertx.setTimer(REQUEST_WATCHDOG_MS, t -> finish.record(
        () -> r.error("no answer within " + REQUEST_WATCHDOG_MS + " ms (" + finish.stage + ")")));
    client.request(ro).compose(req -> {
      finish.stage = "request sent, no answer";
      return req.send(body);
    }).onComplete(ar -> {
      finish.stage = "answer started, not ended";
      if (ar.failed()) {
        finish.record(() -> r.error(String.valueOf(ar.cause())));
        return;
      }
      HttpClientResponse resp = ar.result();
      if (resp.statusCode() != 200) {
        resp.body().onComplete(b -> finish.record(() -> r.error("status " + resp.statusCode() + ": "
            + (b.succeeded() ? b.result().toString() : b.cause()))));
        return;
      }
      if (!stream) {
        resp.body().onComplete(b -> finish.record(() -> {
          if (b.succeeded()) {
            r.ok((System.nanoTime() - startNanos) / 1_000);
          } else {
            r.error(String.valueOf(b.cause()));
          }
        }));
        return;
      }
      SseCounter sse = new SseCounter(r, startNanos);
      resp.handler(sse::onBuffer);
      resp.exceptionHandler(e -> finish.record(() -> sse.fail(e)));
      resp.endHandler(v -> finish.record(sse::end));
    });
  }

  /** The one outcome of one request: the first to record wins; later ones (a late answer) are dropped. */
  private final class Finish {
    private final java.util.concurrent.atomic.AtomicBoolean taken = new java.util.concurrent.atomic.AtomicBoolean();
    private final Runnable whenDone;
    volatile String stage = "waiting for a connection";
    volatile long watchdog = -1;

    Finish(Runnable whenDone) {
      this.whenDone = whenDone;
    }

    void record(Runnable outcome) {
      if (taken.compareAndSet(false, true)) {
        vertx.cancelTimer(watchdog);
        outcome.run();
        whenDone.run();
      }
    }
  }

  /**
   * Counts SSE events (blank-line terminated) as they complete and times them: the first event, the first event
   * with answer text (the first token: a non-empty {@code "content":"..."}), and the gaps between events.
   */
  private static final class SseCounter {
    private static final byte[] CONTENT = "\"content\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private final RunResult r;
    private final long start;
    private final SseEventEnds eventEnds = new SseEventEnds();
    private long events;
    private long lastEvent = -1;
    private boolean tokenSeen;
    private int matched; // how much of CONTENT the current event has matched so far
    private boolean eventHasText;

    SseCounter(RunResult r, long start) {
      this.r = r;
      this.start = start;
    }

    void onBuffer(Buffer b) {
      long now = System.nanoTime();
      int n = b.length();
      for (int i = 0; i < n; i++) {
        byte c = b.getByte(i);
        if (!eventHasText) {
          if (matched == CONTENT.length) {
            eventHasText = c != '"';
            matched = 0;
          } else {
            matched = c == CONTENT[matched] ? matched + 1 : (c == CONTENT[0] ? 1 : 0);
          }
        }
        if (eventEnds.endsEvent(c)) {
          events++;
          if (lastEvent < 0) {
            r.firstEvent((now - start) / 1_000);
          } else {
            r.gap((now - lastEvent) / 1_000, tokenSeen);
          }
          if (eventHasText && !tokenSeen) {
            tokenSeen = true;
            r.firstToken((now - start) / 1_000);
          }
          eventHasText = false;
          matched = 0;
          lastEvent = now;
        }
      }
    }

    void end() {
      r.streamEnded(events, lastEvent >= 0);
      r.ok((System.nanoTime() - start) / 1_000);
    }

    void fail(Throwable e) {
      r.streamEnded(events, lastEvent >= 0);
      r.error(String.valueOf(e));
    }
  }

  private static RequestOptions options(Target t) {
    return new RequestOptions().setMethod(HttpMethod.POST).setHost(t.host()).setPort(t.port())
        .setURI(Target.PATH)
        .putHeader("content-type", "application/json")
        .putHeader("authorization", "Bearer " + t.apiKey())
        // A request that hangs (no byte for this long) is an error, not a silent stall of the whole run.
        .setIdleTimeout(REQUEST_IDLE_TIMEOUT_MS);
  }

  static final long REQUEST_IDLE_TIMEOUT_MS = 15_000;
  /** A request not ended after this long is an error, whatever stage it is stuck in. */
  static final long REQUEST_WATCHDOG_MS = 30_000;

  private static Buffer body(Target t, String model, boolean stream) {
    return Buffer.buffer(BODY.formatted(t.model(model), stream));
  }

  private static void await(CountDownLatch latch, long durationMs) {
    try {
      if (!latch.await(durationMs + 60_000, TimeUnit.MILLISECONDS)) {
        System.err.println("bench: some requests did not finish within 60 s after the deadline");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public synchronized void close() {
    clients.values().forEach(HttpClient::close);
    clients.clear();
  }
}
