package dev.sluice.core.dialect.anthropic;

import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.ChatResponse;
import dev.sluice.core.canonical.DialectCodec;
import dev.sluice.core.canonical.DialectStreamEncoder;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.provider.anthropic.AnthropicErrors;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The Anthropic Messages API as a caller dialect: Claude SDKs and tools pointed at the gateway
 * ({@code POST /v1/messages}). Requests are validated as Anthropic validates them
 * ({@link AnthropicRequestDecoder}), answers and streams are written in Anthropic's shapes
 * ({@link AnthropicResponseEncoder}, {@link AnthropicStreamEncoder}), errors as
 * {@code {"type":"error","error":{"type","message"}}} with Anthropic's type for each {@link
 * dev.sluice.core.error.ErrorKind}. Content blocks are mapped by the same code as the Anthropic provider's
 * ({@link dev.sluice.core.provider.anthropic.AnthropicBlocks}). Thread-safe.
 */
public final class AnthropicDialect implements DialectCodec {
  private static final char[] ID_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  private final Supplier<String> fallbackIds;

  /** Message ids for answers whose provider gave none are random, in Anthropic's {@code msg_} form. */
  public AnthropicDialect() {
    this(AnthropicDialect::randomMessageId);
  }

  /** @param fallbackIds ids (with their {@code msg_} prefix) for answers whose provider gave none */
  public AnthropicDialect(Supplier<String> fallbackIds) {
    this.fallbackIds = fallbackIds;
  }

  @Override
  public ChatRequest decodeRequest(byte[] body) {
    return AnthropicRequestDecoder.decode(body, /* countTokens= */ false);
  }

  @Override
  public byte[] encodeResponse(ChatResponse response, ChatRequest request) {
    String json = AnthropicClientJson.write(AnthropicResponseEncoder.message(response, request.model(), fallbackIds));
    return json.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public DialectStreamEncoder streamEncoder(ChatRequest request, long estimatedInputTokens) {
    return new AnthropicStreamEncoder(request.model(), estimatedInputTokens, fallbackIds);
  }

  @Override
  public byte[] errorBody(GatewayException error) {
    String json = AnthropicClientJson.write(AnthropicErrors.body(error.kind().anthropicType(), error.getMessage()));
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /** {@code msg_} and 24 base-62 characters, the length of Anthropic's own ids. */
  static String randomMessageId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    StringBuilder sb = new StringBuilder("msg_");
    for (int i = 0; i < 24; i++) {
      sb.append(ID_CHARS[random.nextInt(ID_CHARS.length)]);
    }
    return sb.toString();
  }
}
