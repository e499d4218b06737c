package dev.sluice.core.dialect.responses;

import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.ChatResponse;
import dev.sluice.core.canonical.DialectCodec;
import dev.sluice.core.canonical.DialectStreamEncoder;
import dev.sluice.core.dialect.openai.OpenAiErrorBodies;
import dev.sluice.core.error.GatewayException;
import java.time.InstantSource;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * The OpenAI Responses API ({@code POST /v1/responses}) as a caller dialect: the request to canonical
 * ({@link RequestDecoder}), answers back as a {@code response} object ({@link ResponseEncoder}) or its named
 * event stream ({@link ResponsesStreamEncoder}), errors as OpenAI's error object.
 *
 * <p>Sluice is stateless here: it stores no response, so nothing can be fetched, continued
 * ({@code previous_response_id}) or run in the background; the caller sends the whole conversation as
 * {@code input} each time, with the reasoning and function call items of earlier answers, as OpenAI's
 * stateless mode ({@code store: false}) asks. Only function tools are served.
 *
 * <p>Thread-safe, provided the random generator is (the default one is).
 */
public final class ResponsesDialect implements DialectCodec {
  private final InstantSource clock;
  private final ResponseIds ids;

  /** Real time and thread-local randomness for ids. */
  public ResponsesDialect() {
    this(InstantSource.system(), () -> ThreadLocalRandom.current().nextLong());
  }

  /**
   * @param clock gives {@code created_at}
   * @param random gives the ids ({@code resp_...}, {@code msg_...}, {@code fc_...}, {@code rs_...}); must be
   *     safe to share across threads when the codec is shared
   */
  public ResponsesDialect(InstantSource clock, RandomGenerator random) {
    this.clock = clock;
    this.ids = new ResponseIds(random);
  }

  @Override
  public ChatRequest decodeRequest(byte[] body) {
    return RequestDecoder.decode(body);
  }

  @Override
  public byte[] encodeResponse(ChatResponse response, ChatRequest request) {
    return ResponseEncoder.encode(response, request, ids, createdAt());
  }

  /** {@code estimatedInputTokens} is unused: Responses reports usage only in its last event, from the provider. */
  @Override
  public DialectStreamEncoder streamEncoder(ChatRequest request, long estimatedInputTokens) {
    return new ResponsesStreamEncoder(request, ids, createdAt());
  }

  /** OpenAI's {@code {"error":{"message","type","param","code"}}}, as for Chat Completions. */
  @Override
  public byte[] errorBody(GatewayException error) {
    return OpenAiErrorBodies.of(error);
  }

  private long createdAt() {
    return clock.instant().getEpochSecond();
  }
}
