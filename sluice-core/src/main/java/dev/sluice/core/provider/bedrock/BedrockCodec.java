package dev.sluice.core.provider.bedrock;

import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.EmbeddingRequest;
import dev.sluice.core.canonical.EmbeddingResponse;
import dev.sluice.core.canonical.ChatResponse;
import dev.sluice.core.canonical.ProviderAccess;
import dev.sluice.core.canonical.ProviderCodec;
import dev.sluice.core.canonical.ProviderStreamDecoder;
import dev.sluice.core.canonical.UpstreamCall;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Amazon Bedrock Converse / ConverseStream ({@code POST /model/{modelId}/converse} and
 * {@code /converse-stream} on {@code bedrock-runtime.<region>.amazonaws.com}).
 *
 * <p>Options of the configured provider ({@link ProviderAccess#options()}):
 * <ul>
 *   <li>{@code region} (required), e.g. {@code us-east-1}: part of every signature.
 *   <li>{@code auth}: {@code sigv4} (default) signs each call with AWS Signature Version 4, the access key id
 *       being {@link ProviderAccess#apiKey()}, the secret the option {@code secret_access_key} and, for
 *       temporary credentials, the option {@code session_token} (sent as {@code x-amz-security-token});
 *       {@code bearer} sends {@code Authorization: Bearer <apiKey>} (Bedrock API keys) and signs nothing.
 * </ul>
 * The signature covers {@link ProviderAccess#host()} as the {@code Host} header (so it must carry
 * {@code :port} when the port is not the scheme's default) and {@link ProviderAccess#basePath()} + the call's
 * path. The headers this codec returns ({@code authorization}, {@code x-amz-date}, ...) must replace any
 * configured ones of the same name. The clock is injected so signatures are reproducible in tests.
 * Thread-safe: requests are encoded and signed without shared mutable state.
 */
public final class BedrockCodec implements ProviderCodec {
  /** The SigV4 signing name of bedrock-runtime. */
  public static final String SIGNING_SERVICE = "bedrock";
  private static final String JSON = "application/json";

  private final ProviderAccess access;
  private final SigV4Signer signer; // null with bearer auth
  private final String basePath;

  /**
   * @throws IllegalArgumentException when {@code region} is missing, {@code auth} is unknown, or the
   *     credentials that auth needs are missing (checked once, when the provider is configured)
   */
  public BedrockCodec(ProviderAccess access, Clock clock) {
    this.access = Objects.requireNonNull(access, "access");
    String region = access.option("region", null);
    if (region == null) {
      throw new IllegalArgumentException("The Bedrock provider needs the option 'region' (e.g. us-east-1): every"
          + " request is addressed to and signed for one region.");
    }
    String auth = access.option("auth", "sigv4").toLowerCase(Locale.ROOT);
    switch (auth) {
      case "sigv4" -> {
        if (access.apiKey() == null || access.apiKey().isBlank()) {
          throw new IllegalArgumentException("The Bedrock provider signs with SigV4 and needs its AWS access key id"
              + " as api_key (or set auth: bearer to use a Bedrock API key).");
        }
        String secret = access.option("secret_access_key", null);
        if (secret == null) {
          throw new IllegalArgumentException("The Bedrock provider signs with SigV4 and needs the option"
              + " 'secret_access_key' (or set auth: bearer to use a Bedrock API key).");
        }
        if (access.host() == null || access.host().isBlank()) {
          throw new IllegalArgumentException("The Bedrock provider needs the host of its base URL to sign requests.");
        }
        this.signer = new SigV4Signer(access.apiKey(), secret, access.option("session_token", null), region,
            SIGNING_SERVICE, Objects.requireNonNull(clock, "clock"));
      }
      case "bearer" -> {
        if (access.apiKey() == null || access.apiKey().isBlank()) {
          throw new IllegalArgumentException("The Bedrock provider with auth: bearer needs its Bedrock API key as"
              + " api_key.");
        }
        this.signer = null;
      }
      default -> throw new IllegalArgumentException("The Bedrock option 'auth' must be sigv4 or bearer, not '"
          + auth + "'.");
    }
    String base = access.basePath() == null ? "" : access.basePath();
    this.basePath = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  /**
   * The model id is one path segment: encoded once here ({@code :} → {@code %3A}, {@code /} of an ARN →
   * {@code %2F}), and once more inside the signature's canonical URI, as AWS requires for non-S3 services.
   */
  @Override
  public UpstreamCall chatCall(ChatRequest request, String upstreamModel) {
    String model = upstreamModel != null ? upstreamModel : request.model();
    String path = "/model/" + SigV4Signer.uriEncode(model) + (request.stream() ? "/converse-stream" : "/converse");
    return call(path, BedrockRequestEncoder.encode(request));
  }

  /** Embeddings through {@code InvokeModel}, in the model family's own body ({@link BedrockEmbeddings}). */
  @Override
  public UpstreamCall embeddingsCall(EmbeddingRequest request, String upstreamModel) {
    String model = upstreamModel != null ? upstreamModel : request.model();
    return call("/model/" + SigV4Signer.uriEncode(model) + "/invoke", BedrockEmbeddings.encode(request, model));
  }

  @Override
  public EmbeddingResponse decodeEmbeddings(byte[] body) {
    return BedrockEmbeddings.decode(body);
  }

  /** A POST of a JSON body to {@code path}, with a Bedrock API key or signed with SigV4. */
  private UpstreamCall call(String path, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", JSON);
    if (signer == null) {
      headers.put("authorization", "Bearer " + access.apiKey());
    } else {
      Map<String, String> signed = new LinkedHashMap<>();
      signed.put("content-type", JSON);
      signed.put("x-amz-content-sha256", SigV4Signer.sha256Hex(body));
      headers.putAll(signed);
      headers.putAll(signer.sign("POST", access.host(), basePath + path, null, signed, body));
    }
    return new UpstreamCall(path, headers, body);
  }

  @Override
  public ChatResponse decodeChat(byte[] body) {
    return BedrockResponseDecoder.decode(body);
  }

  @Override
  public ProviderStreamDecoder streamDecoder() {
    return new BedrockStreamDecoder();
  }

  @Override
  public String errorMessage(int status, byte[] body) {
    return BedrockErrorMessages.message(body);
  }

  @Override
  public String toString() {
    return "BedrockCodec[" + access + ", auth=" + (signer == null ? "bearer" : "sigv4") + "]";
  }
}
