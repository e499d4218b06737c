package dev.sluice.core.provider.cohere;

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
 * Cohere's v2 API (base URL {@code https://api.cohere.com}): chat on {@code /v2/chat}, unary and SSE, and
 * embeddings on {@code /v2/embed}. Authentication is {@code Authorization: Bearer <key>}, which the gateway
 * adds from the provider's configuration like for any bearer provider, so calls carry no extra headers.
 * Each direction lives in its own class: {@link CohereRequestEncoder} (with {@link CohereMessageEncoder}),
 * {@link CohereResponseDecoder}, {@link CohereStreamDecoder}, {@link CohereEmbeddings},
 * {@link CohereErrors}. Thread-safe; stream decoders are made per stream.
 */
public final class CohereCodec implements ProviderCodec {
  public static final String CHAT_PATH = "/v2/chat";
  public static final String EMBED_PATH = "/v2/embed";

  private final ProviderAccess access;

  public CohereCodec(ProviderAccess access) {
    this.access = Objects.requireNonNull(access, "access");
  }

  @Override
  public UpstreamCall chatCall(ChatRequest request, String upstreamModel) {
    return new UpstreamCall(CHAT_PATH, Map.of(), CohereRequestEncoder.encode(request, upstreamModel));
  }

  @Override
  public ChatResponse decodeChat(byte[] body) {
    return CohereResponseDecoder.decode(body);
  }

  @Override
  public ProviderStreamDecoder streamDecoder() {
    return new CohereStreamDecoder();
  }

  @Override
  public String errorMessage(int status, byte[] body) {
    return CohereErrors.message(body, access.apiKey());
  }

  @Override
  public UpstreamCall embeddingsCall(EmbeddingRequest request, String upstreamModel) {
    return new UpstreamCall(EMBED_PATH, Map.of(), CohereEmbeddings.encode(request, upstreamModel));
  }

  @Override
  public EmbeddingResponse decodeEmbeddings(byte[] body) {
    return CohereEmbeddings.decode(body);
  }
}
