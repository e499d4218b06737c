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

/**
 * A fake Cohere v2 API on 127.0.0.1 that answers in the documented wire shapes (bodies are edited copies of the
 * {@code wire/cohere/} fixtures). Endpoints: {@code POST /v2/chat} (unary, and SSE with {@code event:} lines when
 * {@code stream} is true) and {@code POST /v2/embed}. Every request is recorded. {@code Authorization: Bearer
 * <apiKey()>} is required unless {@link #requireApiKey(String)} was given null: a wrong key gets 401
 * {@code {"id", "message": "invalid api token"}}, no header {@code "no api key supplied"}, as Cohere answers.
 *
 * <p>Replies are the OpenAI fake's ({@link FakeOpenAiProvider}), in Cohere's shape: "Hello! How can I help you
 * today?" in word-ish pieces; with {@code tools} (and {@code tool_choice} not {@code NONE}, the last message not a
 * tool result) a tool plan ({@code tool-plan-delta}s) and then one call to the first tool (Cohere has no named
 * choice) with arguments built from its schema ({@code tool-call-start}, {@code tool-call-delta}s,
 * {@code tool-call-end}); after a tool result "The tool said: " + its content; {@code response_format}
 * {@code json_object} gives JSON (an instance of {@code json_schema} when given). Usage: one input token per four
 * prompt characters, one output token per piece (plan included), in both {@code tokens} and {@code billed_units}.
 *
 * <p>Fault knobs come from the model name exactly as for {@link FakeOpenAiProvider} ({@code error-<status>},
 * {@code slow-<ms>}, {@code stall}, {@code stall-midstream}, {@code truncate}, {@code gap-<ms>}, {@code chunks-<n>},
 * {@code malformed-sse}, {@code wrong-content-type}, {@code echo}, {@code no-usage}, {@code empty-stream},
 * {@code flaky-<n>}, {@code flaky429-<n>}, {@code retry-after-<ms>}, {@code die-after-<k>}), with Cohere's own
 * bodies and words:
 * <ul>
 *   <li>{@code error-<status>}: {@code {"id", "message"}}; 404 "model '...' not found, ...", 429 the trial-key
 *       limit message with {@code Retry-After} (seconds; Cohere documents no retry header), 5xx "internal server
 *       error, this has been reported to our developers".
 *   <li>{@code context-length}: 400 "too many tokens: total number of tokens in the prompt cannot exceed 8192 -
 *       received 9000. ...".
 *   <li>{@code inband-error} / {@code midstream-error-<k>}: a {@code message-end} with {@code finish_reason:
 *       "ERROR"} and an {@code error} message, after {@code message-start} / after k reply pieces (see
 *       {@link FakeCohereStreamWriter}); unary: as {@code error-500}.
 * </ul>
 * Programmatic faults: {@link #failNext(int, int)}, {@link #resetFaults()}, {@link #requestCount(String)}. The
 * blocking {@link #start} and {@link #close} must be called off the event loop; from inside Vert.x use
 * {@link #startAsync}.
 */
public final class FakeCohereProvider implements AutoCloseable {
  public static final String DEFAULT_API_KEY = "co-fake-provider-key";

  private final AtomicBoolean closed = new AtomicBoolean();
  private final Vertx vertx;
  private final boolean ownsVertx;
  private final Deque<RecordedRequest> requests = new ArrayDeque<>();
  private final FakeStreamWriter.Counters streams = new FakeStreamWriter.Counters();
  private final FakeFaults faults = new FakeFaults();
  private final FakeCohereRoutes routes;
  private volatile String apiKey = DEFAULT_API_KEY;
  private volatile HttpServer server;

  private FakeCohereProvider(Vertx vertx, boolean ownsVertx) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.routes = new FakeCohereRoutes(vertx, this::apiKey, streams, faults);
  }

  /** On a new Vertx (closed with this fake), at a free port; returns once listening. */
  public static FakeCohereProvider start() {
    Vertx vertx = Vertx.vertx();
    try {
      return new FakeCohereProvider(vertx, true).listen(0).await();
    } catch (RuntimeException e) {
      vertx.close();
      throw e;
    }
  }

  /** On the given Vertx (left open by {@link #close()}); port 0 picks a free one. Returns once listening. */
  public static FakeCohereProvider start(Vertx vertx, int port) {
    return startAsync(vertx, port).await();
  }

  /** The non-blocking {@link #start(Vertx, int)}, for callers on an event loop. */
  public static Future<FakeCohereProvider> startAsync(Vertx vertx, int port) {
    return new FakeCohereProvider(vertx, false).listen(port);
  }

  private Future<FakeCohereProvider> listen(int port) {
    // HTTP/1.1 only, as FakeOpenAiProvider: the connection faults are defined for it.
    HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(port)
        .setHttp2ClearTextEnabled(false);
    return vertx.createHttpServer(options)
        .requestHandler(this::handle)
        .listen()
        .map(s -> {
          server = s;
          return this;
        });
  }

  /** Like {@code https://api.cohere.com}: the paths ({@code /v2/chat}, {@code /v2/embed}) go under it. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  public int port() {
    return server.actualPort();
  }

  /** The only key accepted, or null when any (or no) key is accepted. */
  public String apiKey() {
    return apiKey;
  }

  /** Changes the expected key; null accepts any key and none. */
  public FakeCohereProvider requireApiKey(String key) {
    this.apiKey = key;
    return this;
  }

  /** Every request received so far (the latest {@value FakeOpenAiProvider#MAX_RECORDED}), in order of arrival. */
  public List<RecordedRequest> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** The latest request, or null when none came. */
  public RecordedRequest lastRequest() {
    synchronized (requests) {
      return requests.peekLast();
    }
  }

  public void clearRequests() {
    synchronized (requests) {
      requests.clear();
    }
  }

  /** As {@link FakeOpenAiProvider#failNext}, with Cohere's error bodies. */
  public FakeCohereProvider failNext(int n, int status) {
    faults.failNext(n, status);
    return this;
  }

  /** As {@link FakeOpenAiProvider#resetFaults()}. */
  public void resetFaults() {
    faults.reset();
  }

  /** Chat and embed requests seen for exactly this model name (see {@link FakeOpenAiProvider#requestCount}). */
  public int requestCount(String model) {
    return faults.count(model);
  }

  /** Streams whose headers are out and whose end (or fault) is not yet written. */
  public int openStreams() {
    return streams.open.get();
  }

  /** Streams whose client went away before the end. */
  public int cancelledStreams() {
    return streams.cancelled.get();
  }

  /** Stops the server (dropping stalled connections) and, if {@link #start()} made it, the Vertx. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    HttpServer s = server;
    if (s != null) {
      s.close().await();
    }
    if (ownsVertx) {
      vertx.close().await();
    }
  }

  private void handle(HttpServerRequest req) {
    req.body().onSuccess(body -> {
      record(req, body);
      routes.route(req, body.toString(StandardCharsets.UTF_8));
    });
  }

  private void record(HttpServerRequest req, Buffer body) {
    Map<String, String> headers = new LinkedHashMap<>();
    req.headers().forEach((name, value) ->
        headers.merge(name.toLowerCase(Locale.ROOT), value, (a, b) -> a + ", " + b));
    RecordedRequest recorded = new RecordedRequest(req.method().name(), req.path(), headers,
        body.toString(StandardCharsets.UTF_8));
    synchronized (requests) {
      if (requests.size() == FakeOpenAiProvider.MAX_RECORDED) {
        requests.removeFirst();
      }
      requests.addLast(recorded);
    }
  }
}
