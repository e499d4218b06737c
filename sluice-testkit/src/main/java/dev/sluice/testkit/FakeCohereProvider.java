package dev.sluice.testkit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

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
public final class FakeCohereProvider extends FakeProvider<FakeCohereProvider> {
  public static final String DEFAULT_API_KEY = "co-fake-provider-key";

  private final FakeCohereRoutes routes;
  private volatile String apiKey = DEFAULT_API_KEY;

  private FakeCohereProvider(FakeServer server) {
    super(server);
    this.routes = new FakeCohereRoutes(server.vertx(), this::apiKey, server.streams(), server.faults());
  }

  /** On a new Vertx (closed with this fake), at a free port; returns once listening. */
  public static FakeCohereProvider start() {
    return FakeServer.onOwnVertx(vertx -> launch(vertx, true, 0));
  }

  /** On the given Vertx (left open by {@link #close()}); port 0 picks a free one. Returns once listening. */
  public static FakeCohereProvider start(Vertx vertx, int port) {
    return startAsync(vertx, port).await();
  }

  /** The non-blocking {@link #start(Vertx, int)}, for callers on an event loop. */
  public static Future<FakeCohereProvider> startAsync(Vertx vertx, int port) {
    return launch(vertx, false, port);
  }

  private static Future<FakeCohereProvider> launch(Vertx vertx, boolean ownsVertx, int port) {
    FakeCohereProvider fake = new FakeCohereProvider(new FakeServer(vertx, ownsVertx));
    return fake.server.listen(port, FakeServer.Handler.text(fake.routes::route)).map(v -> fake);
  }

  /** Like {@code https://api.cohere.com}: the paths ({@code /v2/chat}, {@code /v2/embed}) go under it. */
  public String baseUrl() {
    return server.origin();
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
}
