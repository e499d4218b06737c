package dev.sluice.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The body checks {@link FakeAnthropicProvider} makes before answering, each with upstream's 400
 * {@code invalid_request_error} wording where we know it: the mistakes a gateway's request encoder can make.
 * Required fields ({@code model}, {@code max_tokens}, non-empty {@code messages}), roles, empty content, the
 * pairing of {@code tool_use} and {@code tool_result} across adjacent messages, thinking signatures and budget,
 * {@code temperature} range, tool schemas, at most 4 {@code cache_control} blocks.
 *
 * <p>Roles must alternate strictly. Upstream once rejected two user (or assistant) messages in a row with the message
 * used here; today it merges them ("consecutive user or assistant turns in your request will be combined into a
 * single turn"). The fake keeps the old rule on purpose: an encoder that forgets to merge a canonical tool message
 * into the user turn around it sends a different conversation than it meant, and this makes that visible.
 */
final class FakeAnthropicValidation {
  /** "A maximum of 4 blocks with cache_control may be provided." */
  static final int MAX_CACHE_BREAKPOINTS = 4;
  /** Extended thinking's smallest {@code budget_tokens}. */
  static final int MIN_THINKING_BUDGET = 1024;

  private FakeAnthropicValidation() {}

  /**
   * The first problem with a Messages (or, with {@code countTokens}, a count_tokens) body, or null when it is fine.
   * {@code json} is a JSON object.
   */
  static String problem(JsonNode json, boolean countTokens) {
    if (!json.path("model").isTextual() || json.get("model").asText().isEmpty()) {
      return "model: Field required";
    }
    if (!countTokens) {
      JsonNode maxTokens = json.path("max_tokens");
      if (maxTokens.isMissingNode() || maxTokens.isNull()) {
        return "max_tokens: Field required";
      }
      if (!maxTokens.canConvertToInt() || !maxTokens.isIntegralNumber()) {
        return "max_tokens: Input should be a valid integer";
      }
      if (maxTokens.asInt() < 1) {
        return "max_tokens: Input should be greater than or equal to 1";
      }
    }
    JsonNode temperature = json.path("temperature");
    if (temperature.isNumber() && (temperature.asDouble() < 0 || temperature.asDouble() > 1)) {
      return "temperature: Input should be " + (temperature.asDouble() < 0 ? "greater than or equal to 0"
          : "less than or equal to 1");
    }
    String problem = messagesProblem(json.path("messages"));
    if (problem == null) {
      problem = thinkingProblem(json, countTokens);
    }
    if (problem == null) {
      problem = toolsProblem(json.path("tools"));
    }
    if (problem == null) {
      int breakpoints = FakeAnthropicPrompt.of(json).breakpoints("").size();
      if (breakpoints > MAX_CACHE_BREAKPOINTS) {
        problem = "A maximum of " + MAX_CACHE_BREAKPOINTS + " blocks with cache_control may be provided. Found "
            + breakpoints + ".";
      }
    }
    return problem;
  }

  private static String messagesProblem(JsonNode messages) {
    if (messages.isMissingNode() || messages.isNull()) {
      return "messages: Field required";
    }
    if (!messages.isArray()) {
      return "messages: Input should be a valid list";
    }
    if (messages.isEmpty()) {
      return "messages: at least one message is required";
    }
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      String role = message.path("role").asText();
      if (!role.equals("user") && !role.equals("assistant")) {
        return "messages." + i + ".role: Input should be 'user' or 'assistant'";
      }
      JsonNode content = message.path("content");
      if (!content.isTextual() && !content.isArray()) {
        return "messages." + i + ".content: Field required";
      }
      boolean finalAssistant = i == messages.size() - 1 && role.equals("assistant");
      if ((content.isTextual() ? content.asText().isEmpty() : content.isEmpty()) && !finalAssistant) {
        return "messages." + i + ": all messages must have non-empty content except for the optional final"
            + " assistant message";
      }
      if (i > 0 && role.equals(messages.get(i - 1).path("role").asText())) {
        return "messages: roles must alternate between \"user\" and \"assistant\", but found multiple \"" + role
            + "\" roles in a row";
      }
      String problem = blocksProblem(messages, i);
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  /** Thinking signatures, and tool results that answer exactly the tool uses of the message before. */
  private static String blocksProblem(JsonNode messages, int i) {
    JsonNode content = messages.get(i).path("content");
    for (int j = 0; j < content.size(); j++) {
      JsonNode block = content.get(j);
      if (block.path("type").asText().equals("thinking") && block.path("signature").asText("").isEmpty()) {
        return "messages." + i + ".content." + j + ".thinking.signature: Field required";
      }
      if (block.path("type").asText().equals("tool_result")) {
        String id = block.path("tool_use_id").asText();
        if (i == 0 || !ids(messages.get(i - 1), "tool_use", "id").contains(id)) {
          return "messages." + i + ".content." + j + ": unexpected `tool_use_id` found in `tool_result` blocks: " + id
              + ". Each `tool_result` block must have a corresponding `tool_use` block in the previous message.";
        }
      }
    }
    if (i + 1 < messages.size()) {
      Set<String> unanswered = ids(messages.get(i), "tool_use", "id");
      unanswered.removeAll(ids(messages.get(i + 1), "tool_result", "tool_use_id"));
      if (!unanswered.isEmpty()) {
        return "messages." + i + ": `tool_use` ids were found without `tool_result` blocks immediately after: "
            + String.join(", ", unanswered) + ". Each `tool_use` block must have a corresponding `tool_result` block"
            + " in the next message.";
      }
    }
    return null;
  }

  private static String thinkingProblem(JsonNode json, boolean countTokens) {
    JsonNode thinking = json.path("thinking");
    if (!thinking.path("type").asText().equals("enabled")) {
      return null;
    }
    JsonNode budget = thinking.path("budget_tokens");
    if (!budget.isIntegralNumber()) {
      return "thinking.enabled.budget_tokens: Field required";
    }
    if (budget.asInt() < MIN_THINKING_BUDGET) {
      return "thinking.enabled.budget_tokens: Input should be greater than or equal to " + MIN_THINKING_BUDGET;
    }
    if (!countTokens && json.path("max_tokens").asInt() <= budget.asInt()) {
      return "`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at"
          + " https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size";
    }
    return null;
  }

  /** Custom tools (no {@code type}, or {@code "custom"}) need a name and an {@code input_schema}. */
  private static String toolsProblem(JsonNode tools) {
    for (int i = 0; i < tools.size(); i++) {
      JsonNode tool = tools.get(i);
      if (!tool.path("name").isTextual() || tool.get("name").asText().isEmpty()) {
        return "tools." + i + ".custom.name: Field required";
      }
      boolean custom = !tool.has("type") || tool.path("type").asText().equals("custom");
      if (custom && !tool.path("input_schema").isObject()) {
        return "tools." + i + ".custom.input_schema: Field required";
      }
    }
    return null;
  }

  private static Set<String> ids(JsonNode message, String blockType, String field) {
    Set<String> ids = new LinkedHashSet<>();
    for (JsonNode block : message.path("content")) {
      if (block.path("type").asText().equals(blockType)) {
        ids.add(block.path(field).asText());
      }
    }
    return ids;
  }
}
