package dev.sluice.core.provider.gemini;

import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.ChatResponse;
import dev.sluice.core.canonical.EmbeddingRequest;
import dev.sluice.core.canonical.EmbeddingResponse;
import dev.sluice.core.canonical.ProviderAccess;
import dev.sluice.core.canonical.ProviderCodec;
import dev.sluice.core.canonical.ProviderStreamDecoder;
import dev.sluice.core.canonical.UpstreamCall;
import java.util.Map;
import java.util.Objects;

/**
 * Google Gemini API (generativelanguage.googleapis.com): {@code generateContent},
 * {@code streamGenerateContent?alt=sse} and {@code batchEmbedContents} under {@code /{api_version}/models/...}.
 * The key travels in the {@code x-goog-api-key} header, which the gateway adds from the provider's
 * configuration, so calls here carry no header of their own. Option {@code api_version}: {@code v1beta} (the
 * default: thinking, {@code parametersJsonSchema} and {@code responseJsonSchema} are there) or {@code v1}.
 * Thread-safe.
 */
public final class GeminiCodec implements ProviderCodec {
  public static final String DEFAULT_API_VERSION = "v1beta";

  private final ProviderAccess access;
  private final String apiVersion;

  public GeminiCodec(ProviderAccess access) {
    this.access = Objects.requireNonNull(access, "access");
    this.apiVersion = access.option("api_version", DEFAULT_API_VERSION);
  }

  @Override
  public UpstreamCall chatCall(ChatRequest request, String upstreamModel) {
    String method = request.stream() ? ":streamGenerateContent?alt=sse" : ":generateContent";
    return new UpstreamCall("/" + apiVersion + "/" + resource(upstreamModel) + method, Map.of(),
        GeminiJson.bytes(GeminiRequestEncoder.encode(request)));
  }

  @Override
  public ChatResponse decodeChat(byte[] body) {
    return GeminiResponseDecoder.decode(body);
  }

  @Override
  public ProviderStreamDecoder streamDecoder() {
    return new GeminiStreamDecoder();
  }

  @Override
  public String errorMessage(int status, byte[] body) {
    return GeminiErrors.message(body, access.apiKey());
  }

  @Override
  public UpstreamCall embeddingsCall(EmbeddingRequest request, String upstreamModel) {
    String resource = resource(upstreamModel);
    return new UpstreamCall("/" + apiVersion + "/" + resource + ":batchEmbedContents", Map.of(),
        GeminiJson.bytes(GeminiEmbeddings.body(request, resource)));
  }

  @Override
  public EmbeddingResponse decodeEmbeddings(byte[] body) {
    return GeminiEmbeddings.decode(body);
  }

  /**
   * The model's resource name: {@code models/<name>}, or the name itself when it already is one
   * ({@code models/...}, or a tuned model's {@code tunedModels/...}). Characters a path segment cannot hold are
   * percent-encoded; {@code /} is kept, being part of resource names.
   */
  static String resource(String upstreamModel) {
    Objects.requireNonNull(upstreamModel, "upstreamModel");
    String name = upstreamModel.startsWith("models/") || upstreamModel.startsWith("tunedModels/")
        ? upstreamModel : "models/" + upstreamModel;
    StringBuilder out = new StringBuilder(name.length());
    for (byte b : name.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      boolean keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
      if (keep) {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
