package dev.sluice.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What Azure OpenAI adds to OpenAI's chat answers: the content filter's verdicts. A unary {@code chat.completion}
 * gets {@code prompt_filter_results} (one entry per prompt, with the jailbreak check) and a
 * {@code content_filter_results} in each choice. A stream opens with an extra chunk that is nothing but the prompt's
 * verdict ({@code id}, {@code model} and {@code object} empty, {@code created} 0, {@code choices} empty: clients and
 * gateways that take the first chunk's id as the answer's id get ""), and every chunk's choice carries
 * {@code content_filter_results}: the verdict on the text so far for content chunks, {@code {}} on the role and finish
 * chunks. Azure sends no {@code service_tier}. Everything else is OpenAI's shape, unchanged.
 */
final class FakeAzureOpenAiFilters {
  private static final List<String> CATEGORIES = List.of("hate", "self_harm", "sexual", "violence");

  private FakeAzureOpenAiFilters() {}

  /** A verdict of "nothing found" in every category, as on ordinary text. */
  static ObjectNode safe() {
    ObjectNode verdict = WireFixtures.JSON.createObjectNode();
    for (String category : CATEGORIES) {
      verdict.putObject(category).put("filtered", false).put("severity", "safe");
    }
    return verdict;
  }

  /** {@code prompt_filter_results} for one prompt: the categories plus the jailbreak (prompt shield) check. */
  static ArrayNode promptResults() {
    ArrayNode results = WireFixtures.JSON.createArrayNode();
    ObjectNode verdict = safe();
    verdict.putObject("jailbreak").put("filtered", false).put("detected", false);
    results.addObject().put("prompt_index", 0).set("content_filter_results", verdict);
    return results;
  }

  /** Azure's unary answer: OpenAI's, edited in place. */
  static ObjectNode completion(ObjectNode openAi) {
    openAi.remove("service_tier");
    for (JsonNode choice : openAi.path("choices")) {
      ((ObjectNode) choice).set("content_filter_results", safe());
    }
    openAi.set("prompt_filter_results", promptResults());
    return openAi;
  }

  /**
   * Azure's stream: the prompt-verdict chunk, then OpenAI's chunks (from {@link FakeChatResponder#chunks}) with
   * {@code content_filter_results} added. The result has one more event than the input, at the front.
   */
  static List<String> chunks(List<String> openAiPayloads) {
    List<String> out = new ArrayList<>(openAiPayloads.size() + 1);
    ObjectNode promptChunk = WireFixtures.JSON.createObjectNode();
    promptChunk.putArray("choices");
    promptChunk.put("created", 0).put("id", "").put("model", "").put("object", "");
    promptChunk.set("prompt_filter_results", promptResults());
    out.add(WireFixtures.write(promptChunk));
    for (String payload : openAiPayloads) {
      ObjectNode chunk = parse(payload);
      chunk.remove("service_tier");
      for (JsonNode choice : chunk.path("choices")) {
        JsonNode delta = choice.path("delta");
        boolean carriesOutput = !delta.path("content").asText("").isEmpty()
            || delta.has("tool_calls") && !delta.has("role");
        ((ObjectNode) choice).set("content_filter_results",
            carriesOutput ? safe() : WireFixtures.JSON.createObjectNode());
      }
      out.add(WireFixtures.write(chunk));
    }
    return out;
  }

  private static ObjectNode parse(String payload) {
    try {
      return (ObjectNode) WireFixtures.JSON.readTree(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the fake's own chunk is not JSON: " + payload, e);
    }
  }
}
