package dev.sluice.core.provider.bedrock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.canonical.ChatRequest;

/**
 * A canonical request to the body of {@code POST /model/{modelId}/converse} (or {@code /converse-stream}, same
 * body; API_runtime_Converse). The model id is in the path, not the body.
 *
 * <ul>
 *   <li>{@code inferenceConfig}: maxTokens, temperature, topP, stopSequences.
 *   <li>{@code additionalModelRequestFields}: what Converse has no field for but the model takes natively:
 *       {@code top_k}, and extended thinking as Anthropic-on-Bedrock takes it,
 *       {@code {"thinking": {"type": "enabled", "budget_tokens": n}}}. Thinking needs maxTokens above the
 *       budget, so without a caller maxTokens the budget plus {@link ChatRequest#DEFAULT_MAX_TOKENS} is sent.
 *   <li>Not sent (Converse has no field): seed, presence and frequency penalties, parallel tool calls, user and
 *       metadata (Converse's {@code requestMetadata} is for invocation-log filtering, with its own key rules).
 * </ul>
 */
final class BedrockRequestEncoder {
  /** Anthropic's minimum thinking budget; smaller ones are refused upstream. */
  static final int MIN_THINKING_BUDGET = 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private BedrockRequestEncoder() {}

  static byte[] encode(ChatRequest request) {
    ObjectNode body = JSON.createObjectNode();
    body.set("messages", BedrockMessagesEncoder.messages(request, JSON));
    ArrayNode system = BedrockMessagesEncoder.system(request, JSON);
    if (!system.isEmpty()) {
      body.set("system", system);
    }
    Integer thinkingBudget = request.thinking() == null ? null
        : Math.max(MIN_THINKING_BUDGET, request.thinking().budgetOr(MIN_THINKING_BUDGET * 4));
    ObjectNode inference = inferenceConfig(request, thinkingBudget);
    if (!inference.isEmpty()) {
      body.set("inferenceConfig", inference);
    }
    ObjectNode toolConfig = BedrockToolsEncoder.toolConfig(request, JSON);
    if (toolConfig != null) {
      body.set("toolConfig", toolConfig);
    }
    ObjectNode additional = JSON.createObjectNode();
    if (request.topK() != null) {
      additional.put("top_k", request.topK());
    }
    if (thinkingBudget != null) {
      additional.putObject("thinking").put("type", "enabled").put("budget_tokens", thinkingBudget);
    }
    if (!additional.isEmpty()) {
      body.set("additionalModelRequestFields", additional);
    }
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain nodes always serialises", e);
    }
  }

  private static ObjectNode inferenceConfig(ChatRequest request, Integer thinkingBudget) {
    ObjectNode config = JSON.createObjectNode();
    if (request.maxTokens() != null) {
      config.put("maxTokens", request.maxTokens());
    } else if (thinkingBudget != null) {
      config.put("maxTokens", thinkingBudget + ChatRequest.DEFAULT_MAX_TOKENS);
    }
    if (request.temperature() != null) {
      config.put("temperature", request.temperature());
    }
    if (request.topP() != null) {
      config.put("topP", request.topP());
    }
    if (!request.stop().isEmpty()) {
      ArrayNode stops = config.putArray("stopSequences");
      request.stop().forEach(stops::add);
    }
    return config;
  }
}
