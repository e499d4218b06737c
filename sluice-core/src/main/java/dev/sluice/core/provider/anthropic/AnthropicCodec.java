package dev.sluice.core.provider.anthropic;

import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.ChatResponse;
import dev.sluice.core.canonical.ProviderAccess;
import dev.sluice.core.canonical.ProviderCodec;
import dev.sluice.core.canonical.ProviderStreamDecoder;
import dev.sluice.core.canonical.UpstreamCall;
import java.util.Map;

/**
 * The Anthropic Messages API ({@code POST /v1/messages}) as a provider: requests through
 * {@link AnthropicRequestEncoder}, answers through {@link AnthropicResponseDecoder}, streams through
 * {@link AnthropicStreamDecoder}. The configured base URL has no {@code /v1} (Anthropic's SDKs use
 * {@code https://api.anthropic.com}), so the path here carries it.
 *
 * <p>Every call sends {@code anthropic-version} (option {@code anthropic_version}, default
 * {@value #DEFAULT_VERSION}, the version the Messages API launched with and the SDKs still send). The key
 * itself goes in {@code x-api-key}, which the gateway sets from the provider's configuration like any
 * provider's auth header.
 *
 * <p>JSON output ({@code response_format} json_object or json_schema) has no request field in the stable
 * Messages API, so it travels as a tool: the request gets a tool named {@value AnthropicJsonAnswer#TOOL_NAME}
 * whose {@code input_schema} is the caller's schema, forced with {@code tool_choice} (offered with
 * {@code auto} when thinking is on, as Anthropic allows no forced tool with thinking), and both decoders turn
 * that tool's input back into answer text with a plain stop. A caller's own tool may not use that name.
 *
 * <p>Thread-safe: it holds only the headers.
 */
public final class AnthropicCodec implements ProviderCodec {
  public static final String DEFAULT_VERSION = "2023-06-01";
  static final String MESSAGES_PATH = "/v1/messages";

  private final Map<String, String> headers;

  public AnthropicCodec(ProviderAccess access) {
    this.headers = Map.of("anthropic-version", access.option("anthropic_version", DEFAULT_VERSION));
  }

  @Override
  public UpstreamCall chatCall(ChatRequest request, String upstreamModel) {
    return new UpstreamCall(MESSAGES_PATH, headers, AnthropicRequestEncoder.encode(request, upstreamModel));
  }

  @Override
  public ChatResponse decodeChat(byte[] body) {
    return AnthropicResponseDecoder.decode(body);
  }

  @Override
  public ProviderStreamDecoder streamDecoder() {
    return new AnthropicStreamDecoder();
  }

  @Override
  public String errorMessage(int status, byte[] body) {
    return AnthropicErrors.message(body);
  }
}
