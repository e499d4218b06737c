package dev.sluice.core.dialect.anthropic;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.Message;
import dev.sluice.core.canonical.Part;
import dev.sluice.core.canonical.Tool;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.tokens.TokenEstimator;
import java.nio.charset.StandardCharsets;

/**
 * Anthropic's {@code POST /v1/messages/count_tokens}: the same body as a message request without
 * {@code max_tokens}, answered with {@code {"input_tokens": N}}. Anthropic's tokenizer is not public, so the
 * number is {@link TokenEstimator}'s estimate over the system prompt, the messages and the tools (names,
 * descriptions and schemas, which the model reads too), plus a fixed count per image and per message for
 * what the text alone does not show. Anthropic's own answer is an estimate as well ("Token counting": "the
 * token count should be considered an estimate"); this one errs high, as estimates that feed budgets should.
 */
public final class AnthropicCountTokens {
  /**
   * Anthropic's vision guide puts an image at about width × height / 750 tokens, which tops out near 1,600
   * for the largest image it keeps unscaled (about 1.15 megapixels); we do not decode images to measure them,
   * so each counts as the most.
   */
  static final long TOKENS_PER_IMAGE = 1_600;
  /** Role markers and turn separators around each message. */
  static final long TOKENS_PER_MESSAGE = 4;

  private AnthropicCountTokens() {}

  /**
   * Validates a count_tokens body and estimates its input tokens.
   *
   * @throws GatewayException invalid request, in Anthropic's wording, as for a message request
   */
  public static long inputTokens(byte[] body) {
    return estimate(decode(body));
  }

  /** A count_tokens body as a canonical request (validated like a message request, max_tokens optional). */
  public static ChatRequest decode(byte[] body) {
    return AnthropicRequestDecoder.decode(body, /* countTokens= */ true);
  }

  /** The estimate for a decoded request. */
  public static long estimate(ChatRequest request) {
    String model = request.model();
    long tokens = 0;
    for (Part p : request.system()) {
      tokens += partTokens(p, model);
    }
    for (Message m : request.messages()) {
      tokens += TOKENS_PER_MESSAGE;
      for (Part p : m.parts()) {
        tokens += partTokens(p, model);
      }
    }
    for (Tool t : request.tools()) {
      tokens += TokenEstimator.estimate(t.name(), model) + TokenEstimator.estimate(t.description(), model)
          + (t.parameters() == null ? 0 : TokenEstimator.estimate(t.parameters().toString(), model));
    }
    return tokens;
  }

  /** The answer body, {@code {"input_tokens":N}}. */
  public static byte[] responseBody(long inputTokens) {
    return AnthropicClientJson.write(JsonNodeFactory.instance.objectNode().put("input_tokens", inputTokens))
        .getBytes(StandardCharsets.UTF_8);
  }

  private static long partTokens(Part part, String model) {
    return switch (part) {
      case Part.Text t -> TokenEstimator.estimate(t.text(), model);
      case Part.Image i -> TOKENS_PER_IMAGE;
      case Part.ToolCall c ->
          TokenEstimator.estimate(c.name(), model) + TokenEstimator.estimate(c.argumentsJson(), model);
      case Part.ToolResult r -> {
        long sum = 0;
        for (Part p : r.content()) {
          sum += partTokens(p, model);
        }
        yield sum;
      }
      case Part.Reasoning r -> TokenEstimator.estimate(r.text(), model);
    };
  }
}
