package dev.sluice.core.provider.gemini;

import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.Message;
import dev.sluice.core.canonical.Part;
import dev.sluice.core.canonical.ProviderAccess;
import dev.sluice.core.canonical.ResponseFormat;
import dev.sluice.core.canonical.Thinking;
import dev.sluice.core.canonical.Tool;
import dev.sluice.core.canonical.ToolChoice;
import java.util.List;
import java.util.Map;

/** Canonical requests for the Gemini tests: a plain one, and copies with one thing changed. */
final class GeminiRequests {
  static final ProviderAccess ACCESS =
      new ProviderAccess("generativelanguage.googleapis.com", "", "AIzaSyTEST-not-a-real-key-0123456789ab", Map.of());

  private GeminiRequests() {}

  static ChatRequest of(List<Part> system, List<Message> messages) {
    return new ChatRequest("caller-model", system, messages, null, null, null, null, List.of(), null, null, null,
        List.of(), null, null, null, null, false, false, null, Map.of());
  }

  static ChatRequest withTools(ChatRequest r, List<Tool> tools, ToolChoice choice) {
    return new ChatRequest(r.model(), r.system(), r.messages(), r.maxTokens(), r.temperature(), r.topP(), r.topK(),
        r.stop(), r.seed(), r.presencePenalty(), r.frequencyPenalty(), tools, choice, r.responseFormat(),
        r.thinking(), r.parallelToolCalls(), r.stream(), r.streamUsage(), r.user(), r.metadata());
  }

  static ChatRequest withSettings(ChatRequest r, Integer maxTokens, Double temperature, Double topP, Integer topK,
      List<String> stop, Long seed, Double presence, Double frequency) {
    return new ChatRequest(r.model(), r.system(), r.messages(), maxTokens, temperature, topP, topK, stop, seed,
        presence, frequency, r.tools(), r.toolChoice(), r.responseFormat(), r.thinking(), r.parallelToolCalls(),
        r.stream(), r.streamUsage(), r.user(), r.metadata());
  }

  static ChatRequest withFormat(ChatRequest r, ResponseFormat format) {
    return new ChatRequest(r.model(), r.system(), r.messages(), r.maxTokens(), r.temperature(), r.topP(), r.topK(),
        r.stop(), r.seed(), r.presencePenalty(), r.frequencyPenalty(), r.tools(), r.toolChoice(), format,
        r.thinking(), r.parallelToolCalls(), r.stream(), r.streamUsage(), r.user(), r.metadata());
  }

  static ChatRequest withThinking(ChatRequest r, Thinking thinking) {
    return new ChatRequest(r.model(), r.system(), r.messages(), r.maxTokens(), r.temperature(), r.topP(), r.topK(),
        r.stop(), r.seed(), r.presencePenalty(), r.frequencyPenalty(), r.tools(), r.toolChoice(), r.responseFormat(),
        thinking, r.parallelToolCalls(), r.stream(), r.streamUsage(), r.user(), r.metadata());
  }

  static ChatRequest streaming(ChatRequest r) {
    return new ChatRequest(r.model(), r.system(), r.messages(), r.maxTokens(), r.temperature(), r.topP(), r.topK(),
        r.stop(), r.seed(), r.presencePenalty(), r.frequencyPenalty(), r.tools(), r.toolChoice(), r.responseFormat(),
        r.thinking(), r.parallelToolCalls(), true, true, r.user(), r.metadata());
  }
}
