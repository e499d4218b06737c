package dev.sluice.server.proxy;

import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.Message;
import dev.sluice.core.canonical.Part;
import dev.sluice.server.http.Exchange;
import dev.sluice.server.provider.ProviderRegistry;

/**
 * Prompt-cache markers ({@code cache_control}) go to providers that take them (Anthropic, Bedrock's cache
 * points) and are dropped elsewhere, where they would be a 400. Dropping is announced in a response
 * header, never silent.
 */
final class CacheControlWarning {
  static final String HEADER = "x-sluice-warning";

  private CacheControlWarning() {}

  static void check(Exchange exchange, ChatRequest request, ProviderRegistry.Provider provider) {
    if (provider.speaks("anthropic") || provider.speaks("bedrock") || !exchange.responseNotStarted()
        || !hasCacheControl(request)) {
      return;
    }
    exchange.response().headers().set(HEADER, "cache_control dropped: provider '" + provider.endpoint().name()
        + "' (" + provider.endpoint().protocol() + ") has no prompt-cache markers");
  }

  private static boolean hasCacheControl(ChatRequest request) {
    for (Part p : request.system()) {
      if (p instanceof Part.Text t && t.cacheControl() != null) {
        return true;
      }
    }
    for (Message m : request.messages()) {
      for (Part p : m.parts()) {
        if (p instanceof Part.Text t && t.cacheControl() != null) {
          return true;
        }
      }
    }
    return false;
  }
}
