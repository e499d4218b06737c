package dev.sluice.testkit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * A fake Anthropic Messages API on 127.0.0.1 that answers in the documented wire shapes (bodies and events are
 * edited copies of the {@code wire/anthropic/} fixtures), for tests, the demo and the benchmark. Endpoints:
 * {@code POST /v1/messages} (unary JSON, and SSE with {@code "stream": true}), {@code POST /v1/messages/count_tokens}
 * ({@code {"input_tokens": n}}), {@code GET /v1/models}. {@link #baseUrl()} has no {@code /v1}: the Anthropic SDKs
 * append {@code /v1/messages} themselves.
 *
 * <p>As upstream: {@code x-api-key} must equal {@link #apiKey()} (else 401 {@code authentication_error}, "x-api-key
 * header is required" or "invalid x-api-key"; {@link #requireApiKey(String)} null accepts any), and
 * {@code anthropic-version} must be a version date from 2023 on, e.g. {@code 2023-06-01} (else 400). Bodies are checked as
 * {@link FakeAnthropicValidation} says. Every request is recorded with its headers.
 *
 * <p>Replies are {@link FakeOpenAiProvider}'s words in Anthropic blocks ({@link FakeAnthropicReply}): text pieces,
 * a {@code tool_use} block with schema-generated input, "The tool said: ..." after a {@code tool_result}, a thinking
 * block with a signature first when {@code thinking.type} is {@code enabled}. Usage: {@code input_tokens} from about
 * four characters per token ({@link FakeAnthropicPrompt}), split into {@code cache_creation_input_tokens} /
 * {@code cache_read_input_tokens} by a deterministic prompt cache when blocks carry {@code cache_control}
 * ({@link FakeAnthropicPromptCache}); {@code output_tokens} is one per piece (text, thinking, input fragment).
 *
 * <p>Fault knobs, read from the requested model name by {@link FakeModelName} (they combine, and survive a
 * {@code demo/} prefix):
 * <ul>
 *   <li>{@code error-<status>} (400-599): that status with the Anthropic body for it: 429 {@code rate_limit_error}
 *       with {@code retry-after}, 529 {@code overloaded_error}, 404 {@code not_found_error} "model: <name>", other
 *       5xx {@code api_error}, other 4xx {@code invalid_request_error}.
 *   <li>{@code slow-<ms>}: waits that long before the response headers. {@code stall}: never answers.
 *   <li>{@code stall-midstream}: stream: silent after the first content delta, never ends.
 *   <li>{@code truncate}: stream: as {@code die-after-1}; unary: a {@code Content-Length} larger than the half body
 *       sent, then the connection is closed.
 *   <li>{@code gap-<ms>}: that pause between stream events. {@code chunks-<n>}: the text is {@code "tok0 "}, ...
 *       (a tool call or a tool-result answer still wins; {@code max_tokens} still cuts it).
 *   <li>{@code echo}: reply with the last user message's text.
 *   <li>{@code inband-error}: stream: HTTP 200 whose only event is {@code event: error} with {@code overloaded_error}
 *       "Overloaded" (the payload of {@code stream-error-midstream.sse}), then a clean end. Unary: as {@code error-529}.
 *   <li>{@code midstream-error-<k>}: stream: that error event right after the k-th content delta (text, thinking or
 *       input fragment), then a clean end, with no {@code message_stop}. Unary: as {@code error-529}.
 *   <li>{@code die-after-<k>}: stream: the connection reset right after the k-th content delta. Unary: as
 *       {@code truncate}.
 *   <li>{@code empty-stream}: stream: {@code message_start} then {@code message_stop}, no content. Unary: a message
 *       with empty {@code content} and no output tokens.
 *   <li>{@code context-length}: 400 {@code invalid_request_error} "prompt is too long: 208310 tokens > 200000 maximum"
 *       (not for count_tokens).
 *   <li>{@code flaky-<n>} / {@code flaky429-<n>}: the first n requests for this exact model name fail with 500
 *       {@code api_error} / 429; later ones answer as the rest of the name says. {@code retry-after-<ms>}: the wait a
 *       429 announces ({@code retry-after} rounded up to seconds, plus {@code retry-after-ms}).
 *   <li>{@code malformed-sse} and {@code wrong-content-type} as in {@link FakeOpenAiProvider}.
 *   <li>{@code no-usage} does nothing: Anthropic always reports usage.
 * </ul>
 * Programmatic faults: {@link #failNext(int, int)}, {@link #resetFaults()}, {@link #requestCount(String)}.
 * Open and client-cancelled streams are counted ({@link #openStreams()}, {@link #cancelledStreams()}). All waits are
 * Vert.x timers; the blocking {@link #start} and {@link #close} must be called off the event loop (from inside
 * Vert.x use {@link #startAsync}).
 */
public final class FakeAnthropicProvider extends FakeProvider<FakeAnthropicProvider> {
  public static final String DEFAULT_API_KEY = "sk-ant-fake-provider-key";
  /** The newest {@code anthropic-version}; every client sends it. */
  public static final String API_VERSION = "2023-06-01";

  private final FakeAnthropicPromptCache cache = new FakeAnthropicPromptCache();
  private final FakeAnthropicRoutes routes;
  private volatile String apiKey = DEFAULT_API_KEY;

  private FakeAnthropicProvider(FakeServer server) {
    super(server);
    this.routes = new FakeAnthropicRoutes(server.vertx(), this::apiKey, server.streams(), server.faults(), cache);
  }

  /** On a new Vertx (closed with this fake), at a free port; returns once listening. */
  public static FakeAnthropicProvider start() {
    return FakeServer.onOwnVertx(vertx -> launch(vertx, true, 0));
  }

  /** On the given Vertx (left open by {@link #close()}); port 0 picks a free one. Returns once listening. */
  public static FakeAnthropicProvider start(Vertx vertx, int port) {
    return startAsync(vertx, port).await();
  }

  /** The non-blocking {@link #start(Vertx, int)}, for callers on an event loop. */
  public static Future<FakeAnthropicProvider> startAsync(Vertx vertx, int port) {
    return launch(vertx, false, port);
  }

  private static Future<FakeAnthropicProvider> launch(Vertx vertx, boolean ownsVertx, int port) {
    FakeAnthropicProvider fake = new FakeAnthropicProvider(new FakeServer(vertx, ownsVertx));
    return fake.server.listen(port, FakeServer.Handler.text(fake.routes::route)).map(v -> fake);
  }

  /** {@code http://127.0.0.1:<port>}, without {@code /v1}: clients append {@code /v1/messages}. */
  public String baseUrl() {
    return server.origin();
  }

  /** The only {@code x-api-key} accepted, or null when any (or none) is accepted. */
  public String apiKey() {
    return apiKey;
  }

  /** Changes the expected key; null accepts any key and none. */
  public FakeAnthropicProvider requireApiKey(String key) {
    this.apiKey = key;
    return this;
  }

  /** Forgets every cached prompt prefix: the next request with {@code cache_control} writes the cache again. */
  public void clearPromptCache() {
    cache.clear();
  }
}
