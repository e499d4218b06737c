package dev.sluice.server.provider;

import dev.sluice.core.canonical.ProviderAccess;
import dev.sluice.core.canonical.ProviderCodec;
import dev.sluice.core.provider.anthropic.AnthropicCodec;
import dev.sluice.core.provider.bedrock.BedrockCodec;
import dev.sluice.core.provider.cohere.CohereCodec;
import dev.sluice.core.provider.gemini.GeminiCodec;
import dev.sluice.core.provider.openai.OpenAiChatCodec;
import dev.sluice.server.config.ProviderSettings;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** The codec for a configured provider's protocol; the only place that maps protocol names to code. */
final class ProviderCodecs {
  private ProviderCodecs() {}

  static ProviderCodec create(ProviderSettings settings, ProviderEndpoint endpoint) {
    Map<String, String> options = new HashMap<>(settings.options());
    if (settings.protocol().equals("azure")) {
      options.put("azure", "true");
    }
    // The Host header as sent (SigV4 signs it): the port only when it is not the scheme's default.
    boolean defaultPort = endpoint.port() == (endpoint.ssl() ? 443 : 80);
    String host = defaultPort ? endpoint.host() : endpoint.host() + ":" + endpoint.port();
    ProviderAccess access = new ProviderAccess(host, endpoint.basePath(), settings.apiKey(), options);
    return switch (settings.protocol()) {
      case "openai", "azure" -> new OpenAiChatCodec(access);
      case "anthropic" -> new AnthropicCodec(access);
      case "gemini" -> new GeminiCodec(access);
      case "bedrock" -> new BedrockCodec(access, Clock.systemUTC());
      case "cohere" -> new CohereCodec(access);
      default -> throw new IllegalArgumentException("no codec for protocol " + settings.protocol());
    };
  }

  /** The content type of the provider's streamed answers. */
  static String streamType(String protocol) {
    return protocol.equals("bedrock") ? "application/vnd.amazon.eventstream" : "text/event-stream";
  }
}
