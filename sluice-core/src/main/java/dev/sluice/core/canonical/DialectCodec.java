package dev.sluice.core.canonical;

import dev.sluice.core.error.GatewayException;

/**
 * One caller dialect (OpenAI Chat Completions, Anthropic Messages, OpenAI Responses): the caller's request
 * to canonical, canonical answers back in the caller's shape, errors in the caller's error object.
 * Thread-safe.
 */
public interface DialectCodec {
  /**
   * Decodes and validates a request body.
   *
   * @throws GatewayException (invalid request, with the dialect's param path) when the body is not valid
   */
  ChatRequest decodeRequest(byte[] body);

  /** The non-streamed answer body; {@code request} is the caller's decoded request (its model as named). */
  byte[] encodeResponse(ChatResponse response, ChatRequest request);

  /**
   * A stream encoder for one answer.
   *
   * @param request the caller's decoded request (its model as named, whether it wants stream usage)
   * @param estimatedInputTokens the gateway's prompt estimate, for dialects that report input usage before
   *     the provider does (Anthropic's {@code message_start})
   */
  DialectStreamEncoder streamEncoder(ChatRequest request, long estimatedInputTokens);

  /** The dialect's error body for a failure before any answer byte went out. */
  byte[] errorBody(GatewayException error);
}
