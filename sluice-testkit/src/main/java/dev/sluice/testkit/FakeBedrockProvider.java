package dev.sluice.testkit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * A fake Amazon Bedrock runtime on 127.0.0.1: {@code POST /model/{modelId}/converse} (JSON) and
 * {@code POST /model/{modelId}/converse-stream} (binary {@code application/vnd.amazon.eventstream} frames, with
 * Bedrock's {@code "p"} padding), answers built by editing copies of the {@code wire/bedrock/} fixtures.
 *
 * <p>Authentication as AWS does it: every request must carry a SigV4 signature for service {@code bedrock} in
 * {@link #region()}, made with {@link #accessKeyId()} / {@link #secretAccessKey()} (and the session token, when
 * {@link #requireSessionToken} set one), which the fake recomputes from the request as received; or a Bedrock API
 * key, {@code Authorization: Bearer <apiKey()>}. Answers: no Authorization → 403
 * {@code MissingAuthenticationTokenException}; unknown key id or token → 403 {@code UnrecognizedClientException};
 * wrong signature, scope or a date more than 15 minutes off → 403 {@code InvalidSignatureException} (the body
 * quotes the canonical request the fake expected, as AWS does); wrong API key → 403. The error type is in the
 * {@code x-amzn-errortype} header, the body is {@code {"message": ...}}.
 *
 * <p>Replies and fault knobs as {@link FakeOpenAiProvider} (the same words, tool calls from {@code toolConfig},
 * "The tool said: ..." after a {@code toolResult}), read from the model id split on {@code - _ / : .}; reasoning
 * with a signature comes first when {@code additionalModelRequestFields.thinking} is set. Error shapes are
 * Bedrock's: {@code error-429} ThrottlingException, {@code error-500} InternalServerException, {@code error-503}
 * ServiceUnavailableException, {@code error-400} ValidationException, {@code context-length} ValidationException
 * "Input is too long for requested model."; {@code inband-error} and {@code midstream-error-<k>} end a stream
 * with a {@code modelStreamErrorException} exception frame; {@code malformed} sends a frame with a bad CRC.
 * Bedrock sends no {@code Retry-After}, so {@code retry-after-<ms>} has no effect here. Converse's own body
 * checks answer 400 ValidationException in AWS's words (see {@link FakeBedrockValidation}).
 *
 * <p>The blocking {@link #start} and {@link #close} must be called off the event loop; from inside Vert.x use
 * {@link #startAsync}.
 */
public final class FakeBedrockProvider extends FakeProvider<FakeBedrockProvider> {
  /** AWS's documented example credentials: recognisable as fake anywhere they turn up. */
  public static final String DEFAULT_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
  public static final String DEFAULT_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  public static final String DEFAULT_REGION = "us-east-1";
  public static final String DEFAULT_API_KEY = "bedrock-api-key-fake-provider";

  private final FakeBedrockRoutes routes;
  private volatile String sessionToken;
  private volatile boolean checkSignatureAge = true;

  private FakeBedrockProvider(FakeServer server) {
    super(server);
    this.routes = new FakeBedrockRoutes(server.vertx(), this::settings, server.streams(), server.faults());
  }

  /** On a new Vertx (closed with this fake), at a free port; returns once listening. */
  public static FakeBedrockProvider start() {
    return FakeServer.onOwnVertx(vertx -> launch(vertx, true, 0));
  }

  /** On the given Vertx (left open by {@link #close()}); port 0 picks a free one. Returns once listening. */
  public static FakeBedrockProvider start(Vertx vertx, int port) {
    return startAsync(vertx, port).await();
  }

  public static Future<FakeBedrockProvider> startAsync(Vertx vertx, int port) {
    return launch(vertx, false, port);
  }

  private static Future<FakeBedrockProvider> launch(Vertx vertx, boolean ownsVertx, int port) {
    FakeBedrockProvider fake = new FakeBedrockProvider(new FakeServer(vertx, ownsVertx));
    // The raw bytes: the event-stream and signature checks read the body as sent.
    return fake.server.listen(port, fake.routes::route).map(v -> fake);
  }

  /** The runtime endpoint, without a path: {@code http://127.0.0.1:<port>}. */
  public String baseUrl() {
    return server.origin();
  }

  /** The {@code Host} header a client sends here, which SigV4 signs: {@code 127.0.0.1:<port>}. */
  public String host() {
    return "127.0.0.1:" + port();
  }

  public String accessKeyId() {
    return DEFAULT_ACCESS_KEY_ID;
  }

  public String secretAccessKey() {
    return DEFAULT_SECRET_ACCESS_KEY;
  }

  public String region() {
    return DEFAULT_REGION;
  }

  /** The Bedrock API key accepted as {@code Authorization: Bearer <key>}. */
  public String apiKey() {
    return DEFAULT_API_KEY;
  }

  /** The session token requests must carry ({@code x-amz-security-token}), or null for long-term keys. */
  public String sessionToken() {
    return sessionToken;
  }

  /** From now on, accept only SigV4 requests with this session token (null: only requests without one). */
  public FakeBedrockProvider requireSessionToken(String token) {
    this.sessionToken = token;
    return this;
  }

  /** Turns the 15-minute clock-skew check off, for clients that sign with a fixed clock. */
  public FakeBedrockProvider acceptAnySignatureDate() {
    this.checkSignatureAge = false;
    return this;
  }

  private FakeBedrockRoutes.Settings settings() {
    FakeBedrockSignatures.Credentials credentials = new FakeBedrockSignatures.Credentials(accessKeyId(),
        secretAccessKey(), sessionToken, region());
    boolean checkAge = checkSignatureAge;
    return new FakeBedrockRoutes.Settings() {
      @Override
      public FakeBedrockSignatures.Credentials credentials() {
        return credentials;
      }

      @Override
      public String apiKey() {
        return DEFAULT_API_KEY;
      }

      @Override
      public boolean checkSignatureAge() {
        return checkAge;
      }
    };
  }
}
