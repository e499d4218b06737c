package dev.sluice.core.provider.openai;

import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.ChatResponse;
import dev.sluice.core.canonical.EmbeddingRequest;
import dev.sluice.core.canonical.EmbeddingResponse;
import dev.sluice.core.canonical.ProviderAccess;
import dev.sluice.core.canonical.ProviderCodec;
import dev.sluice.core.canonical.ProviderStreamDecoder;
import dev.sluice.core.canonical.UpstreamCall;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The OpenAI Chat Completions protocol as a provider, on the canonical model: used when the caller does not
 * speak OpenAI (an Anthropic caller on OpenAI, Groq, Azure, ...). An OpenAI caller on this provider never
 * comes here: its bytes are forwarded by the passthrough.
 *
 * <p>Options ({@link ProviderAccess#options()}):
 * <ul>
 *   <li>{@code max_tokens_field}: {@code max_tokens} (default; every compatible host takes it) or
 *       {@code max_completion_tokens} (needed by OpenAI's reasoning models); see
 *       {@link OpenAiChatCodecRequestEncoder}.
 *   <li>{@code azure}: {@code "true"} for Azure OpenAI's deployment URLs,
 *       {@code /openai/deployments/{deployment}/chat/completions?api-version=...} under a base URL of
 *       {@code https://<resource>.openai.azure.com}, with no {@code model} in the body (the deployment names
 *       it). Azure's newer {@code /openai/v1} API is plain OpenAI: leave this off and put {@code /openai/v1}
 *       in the base URL.
 *   <li>{@code api_version}: Azure's {@code api-version}, default {@value #DEFAULT_AZURE_API_VERSION} (the
 *       latest GA version when written).
 *   <li>{@code embeddings_encoding_format}: {@code base64} to ask for base64 vectors (a quarter of the bytes),
 *       {@code float} to ask for numbers; unset leaves the host's default (numbers). Both are decoded.
 * </ul>
 *
 * <p>The credential is not this codec's business: the gateway sends it in the provider's configured header
 * ({@code Authorization: Bearer}, or {@code api-key} for Azure). Thread-safe.
 */
public final class OpenAiChatCodec implements ProviderCodec {
  public static final String DEFAULT_AZURE_API_VERSION = "2024-10-21";
  private static final List<String> MAX_TOKENS_FIELDS =
      List.of(OpenAiChatCodecRequestEncoder.MAX_TOKENS, OpenAiChatCodecRequestEncoder.MAX_COMPLETION_TOKENS);
  private static final List<String> ENCODING_FORMATS = List.of("float", "base64");

  private final String apiKey;
  private final boolean azure;
  private final String apiVersion;
  private final String maxTokensField;
  private final String embeddingsEncodingFormat;

  /** @throws IllegalArgumentException when an option has a value this codec does not know */
  public OpenAiChatCodec(ProviderAccess access) {
    Objects.requireNonNull(access, "access");
    this.apiKey = access.apiKey();
    String azureOption = access.option("azure", "false").toLowerCase(java.util.Locale.ROOT);
    if (!azureOption.equals("true") && !azureOption.equals("false")) {
      throw new IllegalArgumentException("option azure must be true or false, not " + azureOption);
    }
    this.azure = azureOption.equals("true");
    this.apiVersion = access.option("api_version", DEFAULT_AZURE_API_VERSION);
    this.maxTokensField = oneOf(access, "max_tokens_field", OpenAiChatCodecRequestEncoder.MAX_TOKENS,
        MAX_TOKENS_FIELDS);
    this.embeddingsEncodingFormat = oneOf(access, "embeddings_encoding_format", null, ENCODING_FORMATS);
  }

  private static String oneOf(ProviderAccess access, String option, String fallback, List<String> allowed) {
    String value = access.option(option, fallback);
    if (value != null && !allowed.contains(value)) {
      throw new IllegalArgumentException("option " + option + " must be one of " + allowed + ", not " + value);
    }
    return value;
  }

  @Override
  public UpstreamCall chatCall(ChatRequest request, String upstreamModel) {
    Objects.requireNonNull(upstreamModel, "upstreamModel");
    byte[] body = OpenAiChatCodecJson.bytes(
        OpenAiChatCodecRequestEncoder.encode(request, azure ? null : upstreamModel, maxTokensField));
    return new UpstreamCall(path(upstreamModel, "chat/completions"), Map.of(), body);
  }

  @Override
  public ChatResponse decodeChat(byte[] body) {
    return OpenAiChatCodecResponseDecoder.decode(body);
  }

  @Override
  public ProviderStreamDecoder streamDecoder() {
    return new OpenAiChatCodecStreamDecoder();
  }

  @Override
  public String errorMessage(int status, byte[] body) {
    String message = body == null ? null : OpenAiChatCodecErrors.message(OpenAiChatCodecJson.read(body));
    if (message != null && apiKey != null && !apiKey.isEmpty()) {
      message = message.replace(apiKey, SecretScrubber.REDACTED); // a key the scrubber's patterns might miss
    }
    return message;
  }

  @Override
  public UpstreamCall embeddingsCall(EmbeddingRequest request, String upstreamModel) {
    Objects.requireNonNull(upstreamModel, "upstreamModel");
    byte[] body = OpenAiChatCodecJson.bytes(
        OpenAiChatCodecEmbeddings.encode(request, azure ? null : upstreamModel, embeddingsEncodingFormat));
    return new UpstreamCall(path(upstreamModel, "embeddings"), Map.of(), body);
  }

  @Override
  public EmbeddingResponse decodeEmbeddings(byte[] body) {
    return OpenAiChatCodecEmbeddings.decode(body);
  }

  /** {@code /chat/completions} under the base URL (which ends in {@code /v1}), or Azure's deployment path. */
  private String path(String upstreamModel, String operation) {
    if (!azure) {
      return "/" + operation;
    }
    return "/openai/deployments/" + pathSegment(upstreamModel) + "/" + operation + "?api-version="
        + pathSegment(apiVersion);
  }

  /** Percent-encodes all but RFC 3986 unreserved characters (deployment names are letters, digits, - _ .). */
  static String pathSegment(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
          || c == '.' || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
