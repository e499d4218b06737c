package dev.sluice.core.dialect.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sluice.core.canonical.FinishReason;
import dev.sluice.core.error.ErrorKind;
import dev.sluice.core.model.Usage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the OpenAI answer and its stream chunks share: the {@code chatcmpl-} id, the finish reason, the
 * {@code usage} object, and JSON writing with a fixed key order (the order of OpenAI's own bodies).
 */
final class OpenAiCanonicalAnswers {
  static final String ID_PREFIX = "chatcmpl-";
  private static final JsonFactory JSON = JsonFactory.builder().build();
  private static final char[] ID_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  /** As long as the random part of OpenAI's own ids ({@code chatcmpl-Bx7kQ2nF0aZ9yW3vT6uR1sP4oN8m}). */
  private static final int ID_LENGTH = 29;

  private OpenAiCanonicalAnswers() {}

  /** Writes one JSON value. */
  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  static void write(ByteArrayOutputStream out, Body body) {
    try (JsonGenerator g = JSON.createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not reachable: the output is in memory
    }
  }

  /** The provider's id with OpenAI's prefix (clients log and compare it, a few check the prefix). */
  static String completionId(String providerId) {
    if (providerId == null || providerId.isEmpty()) {
      return randomId();
    }
    return providerId.startsWith(ID_PREFIX) ? providerId : ID_PREFIX + providerId;
  }

  static String randomId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    StringBuilder id = new StringBuilder(ID_PREFIX.length() + ID_LENGTH).append(ID_PREFIX);
    for (int i = 0; i < ID_LENGTH; i++) {
      id.append(ID_CHARS[random.nextInt(ID_CHARS.length)]);
    }
    return id.toString();
  }

  /**
   * The canonical reason in OpenAI's words. A stop sequence is {@code stop} for OpenAI. A natural stop with
   * tool calls in the answer is {@code tool_calls} (Gemini says STOP when it calls functions, and agent
   * loops branch on {@code tool_calls}). {@code ERROR} and {@code OTHER} have no OpenAI word: the SDKs type
   * the field as the five values OpenAI sends, so they become {@code stop}.
   */
  static String finishReason(FinishReason reason, boolean hasToolCalls) {
    if (reason == null) {
      return hasToolCalls ? "tool_calls" : "stop";
    }
    return switch (reason) {
      case LENGTH -> "length";
      case TOOL_CALLS -> "tool_calls";
      case CONTENT_FILTER -> "content_filter";
      case STOP, OTHER, ERROR -> hasToolCalls ? "tool_calls" : "stop";
      case STOP_SEQUENCE -> "stop";
    };
  }

  /**
   * {@code {"prompt_tokens", "completion_tokens", "total_tokens", "prompt_tokens_details": {"cached_tokens"},
   * "completion_tokens_details": {"reasoning_tokens"}}}: canonical input already includes cache reads and
   * writes, and output already includes reasoning, as OpenAI counts them.
   */
  static void writeUsage(JsonGenerator g, Usage usage) throws IOException {
    g.writeObjectFieldStart("usage");
    g.writeNumberField("prompt_tokens", usage.inputTokens());
    g.writeNumberField("completion_tokens", usage.outputTokens());
    g.writeNumberField("total_tokens", usage.totalTokens());
    g.writeObjectFieldStart("prompt_tokens_details");
    g.writeNumberField("cached_tokens", usage.cacheReadTokens());
    g.writeEndObject();
    g.writeObjectFieldStart("completion_tokens_details");
    g.writeNumberField("reasoning_tokens", usage.reasoningTokens());
    g.writeEndObject();
    g.writeEndObject();
  }

  /**
   * The error kind for a provider's in-band error type, so the caller's {@code error.type} says what happened
   * in OpenAI's words (Anthropic's {@code overloaded_error} mid-stream, say); anything else is the
   * provider failing.
   */
  static ErrorKind errorKind(String providerType) {
    String type = providerType == null ? "" : providerType.toLowerCase(Locale.ROOT);
    if (type.contains("overloaded") || type.contains("unavailable")) {
      return ErrorKind.OVERLOADED;
    }
    if (type.contains("rate_limit")) {
      return ErrorKind.RATE_LIMITED;
    }
    return ErrorKind.UPSTREAM_ERROR;
  }
}
