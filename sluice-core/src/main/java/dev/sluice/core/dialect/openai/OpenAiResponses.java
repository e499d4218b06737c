package dev.sluice.core.dialect.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sluice.core.dialect.JsonText;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.model.Usage;
import java.io.IOException;

/**
 * Reads what the gateway needs from a provider's non-streamed OpenAI-style response, which is otherwise
 * passed to the client untouched. Only the top-level {@code usage} member is decoded; everything else is
 * skipped without building a tree.
 */
public final class OpenAiResponses {
  private OpenAiResponses() {}

  /** The usage of a {@code chat.completion} body; {@link Usage#NONE} if it has none or is not JSON. */
  public static Usage usageOfChatCompletion(byte[] body) {
    return scan(body, false, false);
  }

  /**
   * Like {@link #usageOfChatCompletion}, but null when the completion's {@code choices} array is empty: a
   * 200 with no answer, which the router treats as a failed attempt.
   *
   * @throws GatewayException (upstream error) when the body is not one whole JSON object in UTF-8
   */
  public static Usage usageOfAnsweredChatCompletion(byte[] body) {
    return scan(body, true, true);
  }

  /**
   * The text of a chat completion's answers (every choice's message content and tool-call arguments), for
   * estimating output tokens when the provider reported no usage; empty when there is none. Builds a tree:
   * used only on that rare path.
   */
  public static String answerText(byte[] body) {
    StringBuilder text = new StringBuilder();
    try {
      for (com.fasterxml.jackson.databind.JsonNode choice : OpenAiJson.UPSTREAM.readTree(body).path("choices")) {
        com.fasterxml.jackson.databind.JsonNode message = choice.path("message");
        text.append(message.path("content").asText(""));
        for (com.fasterxml.jackson.databind.JsonNode call : message.path("tool_calls")) {
          text.append(call.path("function").path("name").asText("")).append(call.path("function").path("arguments").asText(""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return text.toString();
    }
    return text.toString();
  }

  /**
   * The usage of an embeddings {@code list} body (only {@code prompt_tokens} is reported there).
   *
   * @throws GatewayException (upstream error) when the body is not one whole JSON object in UTF-8
   */
  public static Usage usageOfEmbeddings(byte[] body) {
    return scan(body, false, true);
  }

  /**
   * One pass over the top level, no tree: reads {@code usage}, and optionally checks {@code choices}.
   *
   * <p>With {@code whole}, the same pass proves the body is exactly one complete JSON object in UTF-8, as the
   * passthrough relays it as the answer: otherwise the client would get a 200 with half a body or bytes no JSON
   * parser accepts (RELIABILITY A5#29). Once a separate parse; one pass instead of two cut this read by a third.
   *
   * @throws GatewayException (upstream error) when {@code whole} and the body is not one JSON object
   */
  private static Usage scan(byte[] body, boolean emptyChoicesIsNull, boolean whole) {
    if (whole && JsonText.problem(body) != null) {
      throw notAnObject();
    }
    Usage usage = Usage.NONE;
    try (JsonParser p = OpenAiJson.UPSTREAM.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        if (whole) {
          throw notAnObject();
        }
        return Usage.NONE;
      }
      JsonToken token;
      while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("usage") && value == JsonToken.START_OBJECT) {
          usage = OpenAiUsage.fromUsageNode(OpenAiJson.UPSTREAM.readTree(p));
        } else if (emptyChoicesIsNull && name.equals("choices") && value == JsonToken.START_ARRAY) {
          if (p.nextToken() == JsonToken.END_ARRAY) {
            return null; // no answer: the attempt fails, so nothing of this body is relayed
          }
          JsonToken element;
          do {
            p.skipChildren();
            element = p.nextToken();
          } while (element != null && element != JsonToken.END_ARRAY);
        } else {
          p.skipChildren();
        }
      }
      if (whole && (token != JsonToken.END_OBJECT || p.nextToken() != null)) {
        throw notAnObject();
      }
      return usage;
    } catch (IOException e) {
      if (whole) {
        throw notAnObject();
      }
      return Usage.NONE; // a garbled body has no usage we can trust; the caller records it as missing
    }
  }

  private static GatewayException notAnObject() {
    return GatewayException.upstream("The provider's answer is not a JSON object.");
  }
}
