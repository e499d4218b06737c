package dev.sluice.server.proxy;

import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.ChatResponse;
import dev.sluice.core.canonical.DialectCodec;
import dev.sluice.core.canonical.UpstreamCall;
import dev.sluice.server.provider.ProviderRegistry;

/**
 * A caller of one dialect on a provider of another, through the canonical model: the provider codec
 * encodes the call and decodes the answer, the dialect codec gives the caller its own shape back.
 */
final class Translation {
  private Translation() {}

  /**
   * @param request the caller's request, decoded
   * @param estimatedInputTokens the gateway's prompt estimate (dialects that report input usage up front)
   */
  static UpstreamRequest call(ProviderRegistry.Provider provider, DialectCodec dialect, ChatRequest request,
      String upstreamModel, long estimatedInputTokens) {
    UpstreamCall call = provider.codec().chatCall(request, upstreamModel);
    return new UpstreamRequest(call.path(), call.headers(), call.body(), body -> {
      ChatResponse answer = provider.codec().decodeChat(body);
      if (answer.content().isEmpty() && answer.finishReason() == null) {
        return null; // nothing to relay: counts as an empty answer, like a completion without choices
      }
      return new UnaryAnswer(answer.usage(), dialect.encodeResponse(answer, request), answer.text());
    }, () -> new TranslatedStream(provider.codec().streamDecoder(), dialect.streamEncoder(request,
        estimatedInputTokens)), provider.streamType());
  }
}
