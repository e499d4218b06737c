package dev.sluice.testkit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * A fake Azure OpenAI resource on 127.0.0.1: OpenAI's chat and embeddings answers (those of
 * {@link FakeOpenAiProvider}, same replies and usage) behind Azure's deployment URLs, key header and error bodies,
 * with Azure's content-filter fields added. {@link #baseUrl()} is the resource URL, like
 * {@code https://<resource>.openai.azure.com}.
 *
 * <ul>
 *   <li>{@code POST /openai/deployments/{deployment}/chat/completions?api-version=YYYY-MM-DD[-preview]} (unary and
 *       SSE) and {@code POST /openai/deployments/{deployment}/embeddings?api-version=...}. The deployment name plays
 *       the model's part: the answers' {@code model} is the deployment name, and the fault knobs are read from it;
 *       a {@code model} in the body is ignored, as Azure does.
 *   <li>The key goes in {@code api-key: <apiKey()>}; a missing or wrong key is 401 with Azure's "Access denied due
 *       to invalid subscription key or wrong API endpoint. ..." body ({@code code: "401"}).
 *   <li>Any other path or method, and a missing or malformed {@code api-version}, is 404
 *       {@code {"error":{"code":"404","message":"Resource not found"}}}.
 *   <li>Unary chat answers carry {@code prompt_filter_results} and a {@code content_filter_results} per choice;
 *       streams open with Azure's prompt-verdict chunk ({@code choices: []}, empty {@code id} and {@code model})
 *       and every choice carries {@code content_filter_results}. See {@link FakeAzureOpenAiFilters}.
 * </ul>
 *
 * <p>Knobs: every knob of {@link FakeOpenAiProvider}, in the deployment name, with Azure's bodies where Azure has
 * its own: {@code error-401} is the access-denied body, {@code error-404} is {@code DeploymentNotFound}, a 429
 * ({@code error-429}, {@code flaky429-<n>}, {@link #failNext}) is Azure's "Requests to the ChatCompletions_Create
 * Operation under Azure OpenAI API version ... Please retry after 1 second." with {@code retry-after} and
 * {@code retry-after-ms}. What the model service itself refuses keeps OpenAI's shape, as Azure relays it:
 * {@code context-length}, other 4xx, 5xx, and the in-band stream error. In streams, the stream faults count content
 * chunks as documented there; {@code stall-midstream} and {@code truncate} go quiet after the prompt-verdict and role
 * chunks. One knob is Azure's alone: {@code content-filter} (chat only) answers 400 {@code code: content_filter}
 * with the {@code innererror} verdict ({@code ResponsibleAIPolicyViolation}, hate filtered at high).
 *
 * <p>Every request is recorded ({@link #requests()}: path without the query, headers, body) with its full URI
 * ({@link #requestUris()}) so a test can check the {@code api-version}. The blocking {@link #start} and
 * {@link #close} must be called off the event loop; from inside Vert.x use {@link #startAsync}.
 */
public final class FakeAzureOpenAiProvider extends FakeProvider<FakeAzureOpenAiProvider> {
  public static final String DEFAULT_API_KEY = "fake-azure-key-0123456789abcdef";

  private final FakeAzureOpenAiRoutes routes;
  private volatile String apiKey = DEFAULT_API_KEY;

  private FakeAzureOpenAiProvider(FakeServer server) {
    super(server);
    this.routes = new FakeAzureOpenAiRoutes(server.vertx(), this::apiKey, server.streams(), server.faults());
  }

  /** On a new Vertx (closed with this fake), at a free port; returns once listening. */
  public static FakeAzureOpenAiProvider start() {
    return FakeServer.onOwnVertx(vertx -> launch(vertx, true, 0));
  }

  /** On the given Vertx (left open by {@link #close()}); port 0 picks a free one. Returns once listening. */
  public static FakeAzureOpenAiProvider start(Vertx vertx, int port) {
    return startAsync(vertx, port).await();
  }

  /** The non-blocking {@link #start(Vertx, int)}, for callers on an event loop. */
  public static Future<FakeAzureOpenAiProvider> startAsync(Vertx vertx, int port) {
    return launch(vertx, false, port);
  }

  private static Future<FakeAzureOpenAiProvider> launch(Vertx vertx, boolean ownsVertx, int port) {
    FakeAzureOpenAiProvider fake = new FakeAzureOpenAiProvider(new FakeServer(vertx, ownsVertx));
    return fake.server.listen(port, FakeServer.Handler.text(fake.routes::route)).map(v -> fake);
  }

  /** The resource URL, without a path: the deployment paths go under it. */
  public String baseUrl() {
    return server.origin();
  }

  /** The only key accepted in {@code api-key}, or null when any (or no) key is accepted. */
  public String apiKey() {
    return apiKey;
  }

  /** Changes the expected key; null accepts any key and none. */
  public FakeAzureOpenAiProvider requireApiKey(String key) {
    this.apiKey = key;
    return this;
  }

  /** The path and query of every request in {@link #requests()}, in the same order, as sent. */
  public List<String> requestUris() {
    return server.requestUris();
  }

  /** The path and query of the latest request, e.g. {@code /openai/deployments/d/chat/completions?api-version=...}. */
  public String lastRequestUri() {
    return server.lastRequestUri();
  }
}
