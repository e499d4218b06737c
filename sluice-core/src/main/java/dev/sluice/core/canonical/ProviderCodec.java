package dev.sluice.core.canonical;

import dev.sluice.core.error.GatewayException;

/**
 * One upstream protocol (OpenAI chat, Anthropic Messages, Gemini, Bedrock Converse, Cohere v2): canonical
 * request to the provider's call, provider's answer back to canonical. Provider quirks live in the
 * implementation and nowhere else. Instances are made per configured provider ({@link ProviderAccess}) and
 * are thread-safe.
 */
public interface ProviderCodec {
  /**
   * The upstream call for this request.
   *
   * @param upstreamModel the deployment's model name at this provider (replaces {@code request.model()})
   * @throws GatewayException (invalid request) when the request asks for something this provider cannot do
   */
  UpstreamCall chatCall(ChatRequest request, String upstreamModel);

  /**
   * Decodes a success (2xx) non-streamed body.
   *
   * @throws GatewayException (upstream error) when the body is not a valid answer
   */
  ChatResponse decodeChat(byte[] body);

  /** A decoder for one streamed response body. */
  ProviderStreamDecoder streamDecoder();

  /**
   * The human message in an error body of this provider (for logs and the caller's error), or null when
   * the body has none. Must never return the request's credential.
   */
  String errorMessage(int status, byte[] body);

  /** The upstream call for embeddings; providers without an embeddings API keep this default. */
  default UpstreamCall embeddingsCall(EmbeddingRequest request, String upstreamModel) {
    throw GatewayException.invalidRequest("This provider has no embeddings API.", "model");
  }

  /** Decodes a success embeddings body. */
  default EmbeddingResponse decodeEmbeddings(byte[] body) {
    throw GatewayException.upstream("This provider has no embeddings API.");
  }
}
