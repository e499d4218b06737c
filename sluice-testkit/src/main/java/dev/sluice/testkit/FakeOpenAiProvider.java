package dev.sluice.testkit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * A fake OpenAI API on 127.0.0.1 that answers in the documented wire shapes (bodies are edited copies of the
 * {@code wire/openai/} fixtures), for tests, the demo and the benchmark: nothing in Sluice's tests calls a real
 * provider. Endpoints: {@code POST /v1/chat/completions} (unary and SSE), {@code POST /v1/embeddings},
 * {@code GET /v1/models}. Every request is recorded; {@code Authorization: Bearer <apiKey()>} is required unless
 * {@link #requireApiKey(String)} was given null.
 *
 * <p>Replies: the fixture text "Hello! How can I help you today?" split into word-ish pieces; with a non-empty
 * {@code tools} array (and {@code tool_choice} not "none", last message not a tool result) one call to the first (or
 * the named) tool with arguments generated from its schema; after a tool result, "The tool said: " + its content;
 * {@code response_format} json_schema/json_object give a JSON instance; a model name containing {@code echo}
 * repeats the last user message.
 *
 * <p>Fault knobs, read from the requested model name split on {@code -}, {@code _}, {@code /} (so they survive a
 * gateway that strips a {@code demo/} prefix, and combine: {@code chunks-50-gap-10}, {@code gpt-4o-slow-300}):
 * <ul>
 *   <li>{@code error-<status>} (400-599): that status with an OpenAI error body; 404 is the model-not-found body,
 *       429 has {@code code: rate_limit_exceeded}, {@code Retry-After: 1} and {@code retry-after-ms: 1000},
 *       5xx has {@code type: server_error}.
 *   <li>{@code slow-<ms>}: waits that long before the response headers, then answers normally (or fails, with
 *       {@code error-}).
 *   <li>{@code stall}: reads the request and never answers; the connection stays open.
 *   <li>{@code stall-midstream}: streams headers and 2 events, then nothing, never ends.
 *   <li>{@code truncate}: stream: headers and 2 events, then the connection is closed without the last chunk or
 *       {@code [DONE]}; unary: a {@code Content-Length} larger than the half body sent, then closed.
 *   <li>{@code gap-<ms>}: that pause between stream events (default: back to back, each flushed on its own).
 *   <li>{@code chunks-<n>}: the text reply is exactly n pieces {@code "tok0 "}, {@code "tok1 "}, ... (a tool call or
 *       a tool-result answer still wins; chunks wins over response_format and echo).
 *   <li>{@code malformed-sse}: the 2nd stream event's data is half a JSON object; unary: half a JSON body.
 *   <li>{@code wrong-content-type}: 200 with {@code text/html} body {@code <html>oops</html>}.
 *   <li>{@code echo} (anywhere in the name): reply with the last user message's text.
 *   <li>{@code no-usage} (anywhere in the name): report no usage, neither in a body nor as a usage chunk, like
 *       some OpenAI-compatible hosts; the gateway must estimate.
 * </ul>
 * Faults for routing tests (fallbacks, retries, circuit breakers). In a stream, "content chunks" are the events
 * that carry the reply's pieces, after the first (role) chunk; {@code k} larger than the reply stops before its
 * finish chunk (combine with {@code chunks-<n>} for an exact count); {@code k} omitted is 1.
 * <ul>
 *   <li>{@code inband-error}: stream: HTTP 200 {@code text/event-stream} whose first and only event is
 *       {@code data: {"error":{"message":"The server had an error while processing your request.",
 *       "type":"server_error","param":null,"code":null}}}, then the stream ends cleanly without {@code [DONE]}.
 *       Unary: as {@code error-500}.
 *   <li>{@code empty-stream}: stream: HTTP 200 with {@code data: [DONE]} only, not a single chunk (not even a usage
 *       chunk). Unary (chat): 200 with a {@code chat.completion} whose {@code choices} is empty.
 *   <li>{@code midstream-error-<k>}: stream: the role chunk and {@code k} content chunks, then the in-band error
 *       event of {@code inband-error}, then a clean end without {@code [DONE]}: a failure after bytes went out.
 *       Unary: as {@code error-500}.
 *   <li>{@code die-after-<k>}: stream: the role chunk and {@code k} content chunks, then the connection is reset
 *       ({@code truncate} is {@code die-after-1}). Unary: as {@code truncate}.
 *   <li>{@code context-length}: 400 with upstream's {@code context_length_exceeded} body ({@code param: messages},
 *       "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens. ...").
 *   <li>{@code flaky-<n>}: the first n requests for this exact model name (counted per fake instance, see
 *       {@link #requestCount}) answer as {@code error-500}; later ones answer as the rest of the name says
 *       ({@code flaky-2-chunks-3}, {@code flaky-1-inband-error}). While failing, of the other knobs only
 *       {@code slow-} applies (not even {@code stall}).
 *   <li>{@code flaky429-<n>}: the same, failing as {@code error-429} (with its {@code Retry-After}).
 *   <li>{@code retry-after-<ms>}: every 429 this request gets ({@code error-429}, {@code flaky429-}, a
 *       {@link #failNext} 429) carries {@code Retry-After: ceil(ms/1000)} and {@code retry-after-ms: ms} instead of
 *       1 and 1000: {@code flaky429-1-retry-after-300} keeps a retry test short.
 * </ul>
 * Programmatic faults: {@link #failNext(int, int)} fails the next requests of any model, {@link #resetFaults()}
 * forgets those and the per-model counts, {@link #requestCount(String)} tells how many requests a model name saw.
 *
 * <p>Open and client-cancelled streams are counted ({@link #openStreams()}, {@link #cancelledStreams()}) for
 * disconnect tests. All waits are Vert.x timers; nothing blocks an event loop. The blocking {@link #start} and
 * {@link #close} must be called off the event loop; from inside Vert.x use {@link #startAsync}.
 */
public final class FakeOpenAiProvider extends FakeProvider<FakeOpenAiProvider> {
  public static final String DEFAULT_API_KEY = "sk-fake-provider-key";

  private final FakeOpenAiRoutes routes;
  private volatile String apiKey = DEFAULT_API_KEY;

  private FakeOpenAiProvider(FakeServer server) {
    super(server);
    this.routes = new FakeOpenAiRoutes(server.vertx(), this::apiKey, server.streams(), server.faults());
  }

  /** On a new Vertx (closed with this fake), at a free port; returns once listening. */
  public static FakeOpenAiProvider start() {
    return FakeServer.onOwnVertx(vertx -> launch(vertx, true, 0));
  }

  /** On the given Vertx (left open by {@link #close()}); port 0 picks a free one. Returns once listening. */
  public static FakeOpenAiProvider start(Vertx vertx, int port) {
    return startAsync(vertx, port).await();
  }

  /** The non-blocking {@link #start(Vertx, int)}, for callers on an event loop. */
  public static Future<FakeOpenAiProvider> startAsync(Vertx vertx, int port) {
    return launch(vertx, false, port);
  }

  private static Future<FakeOpenAiProvider> launch(Vertx vertx, boolean ownsVertx, int port) {
    FakeOpenAiProvider fake = new FakeOpenAiProvider(new FakeServer(vertx, ownsVertx));
    return fake.server.listen(port, FakeServer.Handler.text(fake.routes::route)).map(v -> fake);
  }

  public String baseUrl() {
    return server.origin() + "/v1";
  }

  /** The only key accepted, or null when any (or no) key is accepted. */
  public String apiKey() {
    return apiKey;
  }

  /** Changes the expected key; null accepts any key and none. */
  public FakeOpenAiProvider requireApiKey(String key) {
    this.apiKey = key;
    return this;
  }
}
