package dev.sluice.testkit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * A fake Google Gemini API on 127.0.0.1 that answers in the documented wire shapes (bodies are edited copies of
 * the {@code wire/gemini/} fixtures). Endpoints, under {@code /v1beta} (or {@code /v1}):
 * <ul>
 *   <li>{@code POST models/{model}:generateContent}: one {@code GenerateContentResponse};
 *   <li>{@code POST models/{model}:streamGenerateContent?alt=sse}: data-only SSE events ended by {@code \r\n\r\n},
 *       each a whole response with the cumulative {@code usageMetadata}, the last with {@code finishReason}, no
 *       {@code [DONE]}; without {@code alt=sse}, the same chunks as one JSON array;
 *   <li>{@code POST models/{model}:batchEmbedContents}, {@code POST models/{model}:countTokens};
 *   <li>{@code GET models}, {@code GET models/{model}}.
 * </ul>
 * The key is {@code x-goog-api-key} (or the {@code key} query parameter) and must equal {@link #apiKey()} unless
 * {@link #requireApiKey(String)} was given null: no key is Google's 403 {@code PERMISSION_DENIED}, a wrong one its
 * 400 {@code INVALID_ARGUMENT} with reason {@code API_KEY_INVALID} ({@code wire/gemini/error-400.json}).
 *
 * <p>Replies are those of {@link FakeOpenAiProvider} (see {@link FakeGeminiReply}): "Hello! How can I help you
 * today?" in word-ish pieces; a function call (whole, in one chunk, with a {@code thoughtSignature}) to the first or
 * the allowed tool; "The tool said: ..." after a {@code functionResponse}. {@code thinkingConfig.includeThoughts}
 * adds a {@code thought: true} part first and a {@code thoughtsTokenCount}.
 *
 * <p>Fault knobs come from the model in the URL, exactly as for {@link FakeOpenAiProvider} ({@link FakeModelName}),
 * with Google's error bodies: {@code error-<status>} (429 {@code RESOURCE_EXHAUSTED} with a {@code RetryInfo}
 * detail and {@code Retry-After}, 500 {@code INTERNAL}, 503 {@code UNAVAILABLE}, 404 {@code NOT_FOUND} "models/x is
 * not found..."), {@code slow-<ms>}, {@code stall}, {@code stall-midstream}, {@code truncate}, {@code gap-<ms>},
 * {@code chunks-<n>}, {@code malformed-sse}, {@code wrong-content-type}, {@code echo}, {@code no-usage},
 * {@code inband-error} and {@code midstream-error-<k>} (the event {@code {"error": {"code": 500, ..., "status":
 * "INTERNAL"}}}), {@code empty-stream} (a 200 stream with no event; unary: no candidates), {@code die-after-<k>},
 * {@code context-length} (400 "The input token count (1200293) exceeds the maximum number of tokens allowed
 * (1048576)."), {@code flaky-<n>}, {@code flaky429-<n>}, {@code retry-after-<ms>}. In a stream, "content chunks"
 * are those carrying the reply's pieces (after the thought chunk, when there is one).
 *
 * <p>All waits are Vert.x timers. The blocking {@link #start} and {@link #close} must be called off the event loop;
 * from inside Vert.x use {@link #startAsync}.
 */
public final class FakeGeminiProvider extends FakeProvider<FakeGeminiProvider> {
  public static final String DEFAULT_API_KEY = "fake-gemini-provider-key";

  private final FakeGeminiRoutes routes;
  private volatile String apiKey = DEFAULT_API_KEY;

  private FakeGeminiProvider(FakeServer server) {
    super(server);
    this.routes = new FakeGeminiRoutes(server.vertx(), this::apiKey, server.streams(), server.faults());
  }

  /** On a new Vertx (closed with this fake), at a free port; returns once listening. */
  public static FakeGeminiProvider start() {
    return FakeServer.onOwnVertx(vertx -> launch(vertx, true, 0));
  }

  /** On the given Vertx (left open by {@link #close()}); port 0 picks a free one. Returns once listening. */
  public static FakeGeminiProvider start(Vertx vertx, int port) {
    return startAsync(vertx, port).await();
  }

  /** The non-blocking {@link #start(Vertx, int)}, for callers on an event loop. */
  public static Future<FakeGeminiProvider> startAsync(Vertx vertx, int port) {
    return launch(vertx, false, port);
  }

  private static Future<FakeGeminiProvider> launch(Vertx vertx, boolean ownsVertx, int port) {
    FakeGeminiProvider fake = new FakeGeminiProvider(new FakeServer(vertx, ownsVertx));
    return fake.server.listen(port, FakeServer.Handler.text(fake.routes::route)).map(v -> fake);
  }

  /** The base URL, like {@code https://generativelanguage.googleapis.com}: paths start with {@code /v1beta}. */
  public String baseUrl() {
    return server.origin();
  }

  /** The only key accepted, or null when any (or no) key is accepted. */
  public String apiKey() {
    return apiKey;
  }

  /** Changes the expected key; null accepts any key and none. */
  public FakeGeminiProvider requireApiKey(String key) {
    this.apiKey = key;
    return this;
  }
}
