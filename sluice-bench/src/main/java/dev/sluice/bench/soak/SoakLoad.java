package dev.sluice.bench.soak;

import dev.sluice.bench.OpenLoop;
import dev.sluice.bench.SseEventEnds;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * The soak's open-loop client: one request every {@code 1/rate} seconds whatever the gateway does (so a stall
 * shows as latency and queueing, not as a politely slower client), kinds in the fixed {@link SoakKind#cycle()},
 * each answer judged against what that kind must get. Latency counts from the intended send time.
 */
final class SoakLoad implements AutoCloseable {
  /** Beyond this many outstanding requests a send is not made and counts as an unexpected error. */
  static final int MAX_IN_FLIGHT = 2_000;
  /** A request with no byte for this long is an error (a hang), not a stall of the run. */
  static final long IDLE_TIMEOUT_MS = 15_000;
  /** Events a {@link SoakKind#CLIENT_DISCONNECT} stream reads before the client resets its connection. */
  static final int DISCONNECT_AFTER_EVENTS = 5;

  /** The name {@link SoakWindow#expectedFault} counts a mid-stream-drop request refused by the open breaker under. */
  static final String CIRCUIT_OPEN = "midstream_drop refused: circuit open (503)";
  /** ... and refused while the half-open breaker's one probe is still running. */
  static final String PROBE_IN_FLIGHT = "midstream_drop refused: half-open, probe in flight (503)";

  private static final String USER = "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]";

  private final SoakStack stack;
  private final HttpClient client;
  private final AtomicInteger inFlight = new AtomicInteger();
  /** Flaky-fake arrivals at which the next failure may be queued; only the pacing thread touches it. */
  private int nextFlakyFailureAt = 0;
  /** The first answer of each unexpected kind, cut short: what a failing verdict shows. */
  final java.util.Map<String, String> unexpectedSamples = new java.util.concurrent.ConcurrentHashMap<>();
  final AtomicLong flakyFailuresQueued = new AtomicLong();

  SoakLoad(Vertx vertx, SoakStack stack, int connections) {
    this.stack = stack;
    // A bounded pool: the gateway's downstream connections stay at most this many (plus the ones a client
    // disconnect replaces), so its fd count measures leaks, not how bursty this machine's scheduling was.
    this.client = vertx.createHttpClient(
        new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true).setConnectTimeout(5_000).setMaxRedirects(0),
        new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
  }

  /**
   * Sends at {@code rate}/s from now until {@code durationMs}, each request counted in the window its intended
   * send time falls in; then waits (at most 30 s) for the outstanding answers.
   */
  void run(double rate, long durationMs, LongFunction<SoakWindow> windowAt) {
    List<SoakKind> cycle = SoakKind.cycle();
    OpenLoop.run(rate, durationMs, (i, intended, sinceStart) -> {
      SoakWindow w = windowAt.apply(TimeUnit.NANOSECONDS.toMillis(sinceStart));
      w.sent();
      if (inFlight.get() >= MAX_IN_FLIGHT) {
        w.unexpected("not sent: " + MAX_IN_FLIGHT + " outstanding");
        return;
      }
      inFlight.incrementAndGet();
      send(cycle.get((int) (i % cycle.size())), w, intended);
    });
    OpenLoop.drain(inFlight);
  }

  int inFlight() {
    return inFlight.get();
  }

  private void send(SoakKind kind, SoakWindow w, long intended) {
    Call call = new Call(kind, w, intended);
    if (kind == SoakKind.FALLBACK) {
      // One in four of the requests that reach the flaky deployment fails (one in four of those with a 429): a
      // failure is queued only once the previous one has been used (four arrivals later). Queuing one per send
      // instead ran away in the first 10-minute run: while the deployment sat out a cooldown the queue grew, five
      // queued failures in a row opened its breaker, and each half-open probe then met a queued failure again.
      int arrivals = stack.flaky.requestCount(SoakStack.FLAKY_MODEL);
      if (arrivals >= nextFlakyFailureAt) {
        long n = flakyFailuresQueued.incrementAndGet();
        stack.flaky.failNext(1, n % 4 == 0 ? 429 : 500);
        nextFlakyFailureAt = arrivals + 4;
      }
    }
    client.request(options(kind)).onComplete(ar -> {
      if (ar.failed()) {
        call.unexpected("connect: " + ar.cause().getClass().getSimpleName());
        return;
      }
      HttpClientRequest req = ar.result();
      req.send(Buffer.buffer(body(kind))).onComplete(rr -> {
        if (rr.failed()) {
          call.unexpected("send: " + rr.cause().getClass().getSimpleName());
          return;
        }
        call.onResponse(req, rr.result());
      });
    });
  }

  private RequestOptions options(SoakKind kind) {
    boolean anthropic = kind == SoakKind.MESSAGES || kind == SoakKind.MESSAGES_STREAM;
    RequestOptions ro = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(stack.port)
        .setURI(anthropic ? "/v1/messages" : "/v1/chat/completions")
        .putHeader("content-type", "application/json")
        .setIdleTimeout(IDLE_TIMEOUT_MS);
    if (anthropic) {
      ro.putHeader("x-api-key", stack.key).putHeader("anthropic-version", "2023-06-01");
    } else {
      ro.putHeader("authorization", "Bearer " + stack.key);
    }
    return ro;
  }

  static String body(SoakKind kind) {
    return switch (kind) {
      case CHAT -> "{\"model\":\"oai/gpt-4o-mini\"," + USER + "}";
      case STREAM -> "{\"model\":\"oai/chunks-20-gap-10\",\"stream\":true," + USER + "}";
      // Slower than STREAM so the gateway is still streaming when the client leaves (15 events * 50 ms remain),
      // even when this JVM is slow to read on a loaded machine.
      case CLIENT_DISCONNECT -> "{\"model\":\"oai/chunks-20-gap-50\",\"stream\":true," + USER + "}";
      case MIDSTREAM_DROP -> "{\"model\":\"oai/chunks-20-gap-10-die-after-5\",\"stream\":true," + USER + "}";
      case FALLBACK -> "{\"model\":\"" + SoakStack.FALLBACK_MODEL + "\"," + USER + "}";
      case MESSAGES -> "{\"model\":\"anth/claude-soak\",\"max_tokens\":64," + USER + "}";
      case MESSAGES_STREAM ->
          "{\"model\":\"anth/claude-soak-chunks-10-gap-10\",\"max_tokens\":64,\"stream\":true," + USER + "}";
    };
  }

  /** One request's life: collects the body, counts events, judges the end exactly once. */
  private final class Call {
    final SoakKind kind;
    final SoakWindow w;
    final long intended;
    final StringBuilder body = new StringBuilder();
    int events;
    final SseEventEnds eventEnds = new SseEventEnds();
    boolean done;

    Call(SoakKind kind, SoakWindow w, long intended) {
      this.kind = kind;
      this.w = w;
      this.intended = intended;
    }

    void onResponse(HttpClientRequest req, HttpClientResponse resp) {
      boolean fellBack = parseInt(resp.getHeader("x-sluice-attempts")) > 1;
      resp.handler(b -> {
        String s = b.toString();
        body.append(s);
        countEvents(s);
        if (kind == SoakKind.CLIENT_DISCONNECT && resp.statusCode() == 200 && events >= DISCONNECT_AFTER_EVENTS
            && !done) {
          finish(() -> w.expectedFault(kind.name().toLowerCase()));
          req.reset(); // HTTP/1.1: closes the connection mid-stream
        }
      });
      resp.exceptionHandler(e -> finish(() -> w.unexpected(kind.name().toLowerCase() + ": "
          + e.getClass().getSimpleName() + " after " + events + " events")));
      resp.endHandler(v -> finish(() -> judge(resp.statusCode(), fellBack)));
    }

    private void judge(int status, boolean fellBack) {
      String k = kind.name().toLowerCase();
      if (kind == SoakKind.MIDSTREAM_DROP && status == 503 && body.indexOf("\"service_unavailable_error\"") >= 0) {
        // The dropping deployment fails every time, so its breaker opens after a few drops and the gateway answers
        // a fast 503 (catalog A5#30) until a probe is let through, and while that probe runs: failures by design
        // too, counted apart by the breaker's reason.
        String b = body.toString();
        if (b.contains("circuit open")) {
          w.expectedFault(CIRCUIT_OPEN);
          return;
        }
        if (b.contains("half-open, probe in flight")) {
          w.expectedFault(PROBE_IN_FLIGHT);
          return;
        }
      }
      if (status != 200) {
        recordUnexpected(w, k + ": status " + status, body.toString());
        return;
      }
      String b = body.toString();
      long micros = (System.nanoTime() - intended) / 1_000;
      boolean good = switch (kind) {
        case CHAT, FALLBACK -> b.contains("\"choices\"") && b.contains("\"finish_reason\":\"stop\"");
        case STREAM -> b.contains("tok19 ") && b.trim().endsWith("data: [DONE]");
        case MESSAGES -> b.contains("\"type\":\"message\"") && b.contains("\"stop_reason\":\"end_turn\"");
        case MESSAGES_STREAM -> b.contains("tok9 ") && b.contains("event: message_stop");
        case MIDSTREAM_DROP -> false; // judged below: a clean end would be a lie
        case CLIENT_DISCONNECT -> false; // ended before the client left: it read fewer events than it waits for
      };
      if (kind == SoakKind.MIDSTREAM_DROP) {
        if (b.contains("data: {\"error\"") && !b.contains("[DONE]")) {
          w.expectedFault(k);
        } else {
          recordUnexpected(w, k + ": stream ended without an error event", b);
        }
      } else if (good) {
        w.ok(kind, micros, fellBack);
      } else {
        recordUnexpected(w, k + ": wrong body", b);
      }
    }

    private void countEvents(String s) {
      for (int i = 0; i < s.length(); i++) {
        if (eventEnds.endsEvent(s.charAt(i))) {
          events++;
        }
      }
    }

    void unexpected(String what) {
      finish(() -> w.unexpected(kind.name().toLowerCase() + ": " + what));
    }

    private synchronized void finish(Runnable verdict) {
      if (done) {
        return;
      }
      done = true;
      verdict.run();
      inFlight.decrementAndGet();
    }
  }

  private void recordUnexpected(SoakWindow w, String what, String body) {
    w.unexpected(what);
    unexpectedSamples.putIfAbsent(what, body.length() > 300 ? body.substring(0, 300) + "..." : body);
  }

  private static int parseInt(String s) {
    try {
      return s == null ? 0 : Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public void close() {
    client.close().await();
  }
}
