package dev.sluice.core.dialect.openai;

import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.ChatResponse;
import dev.sluice.core.canonical.DialectCodec;
import dev.sluice.core.canonical.DialectStreamEncoder;
import dev.sluice.core.error.GatewayException;
import java.time.InstantSource;
import java.util.Objects;

/**
 * OpenAI Chat Completions as a caller dialect on the canonical model: used when the provider does not speak
 * OpenAI (Anthropic, Gemini, Bedrock, ...). An OpenAI caller on an OpenAI-compatible provider never comes
 * here: {@link OpenAiChatRequest} forwards its bytes.
 *
 * <ul>
 *   <li>Requests are validated by {@link OpenAiChatRequest#parse} (the passthrough's checks and wording), then
 *       mapped by {@link OpenAiChatDialectRequestDecoder}.
 *   <li>Answers: {@link OpenAiChatDialectResponseEncoder}; streams: {@link OpenAiChatDialectStreamEncoder}.
 *   <li>Errors: {@link OpenAiErrorBodies}, the same bodies as the passthrough's.
 * </ul>
 *
 * <p>{@code created} comes from the clock given here, so tests own it. Thread-safe.
 */
public final class OpenAiChatDialect implements DialectCodec {
  private final InstantSource clock;

  public OpenAiChatDialect() {
    this(InstantSource.system());
  }

  public OpenAiChatDialect(InstantSource clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public ChatRequest decodeRequest(byte[] body) {
    return toCanonical(OpenAiChatRequest.parse(body));
  }

  /**
   * The canonical form of a body the gateway already parsed (for its routing members and needs), without a
   * second validation pass.
   *
   * @throws GatewayException (invalid request, OpenAI's param path) for what only the translation reads
   */
  public ChatRequest toCanonical(OpenAiChatRequest parsed) {
    return OpenAiChatDialectRequestDecoder.decode(parsed);
  }

  @Override
  public byte[] encodeResponse(ChatResponse response, ChatRequest request) {
    return OpenAiChatDialectResponseEncoder.encode(response, request.model(), clock.instant().getEpochSecond());
  }

  @Override
  public DialectStreamEncoder streamEncoder(ChatRequest request, long estimatedInputTokens) {
    // OpenAI reports no usage before the end, so the estimate has no use here
    return new OpenAiChatDialectStreamEncoder(request.model(), clock.instant().getEpochSecond(),
        request.streamUsage());
  }

  @Override
  public byte[] errorBody(GatewayException error) {
    return OpenAiErrorBodies.of(error);
  }
}
