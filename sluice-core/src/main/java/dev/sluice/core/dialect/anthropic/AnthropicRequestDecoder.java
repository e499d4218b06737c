package dev.sluice.core.dialect.anthropic;

import static dev.sluice.core.dialect.anthropic.Fields.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.Message;
import dev.sluice.core.canonical.Part;
import dev.sluice.core.canonical.Thinking;
import dev.sluice.core.canonical.Tool;
import dev.sluice.core.error.GatewayException;
import java.util.ArrayList;
import java.util.List;

/**
 * An Anthropic Messages request body ({@code POST /v1/messages}, or {@code /v1/messages/count_tokens}
 * without {@code max_tokens}) to a canonical request, validated the way Anthropic validates it, one error at
 * a time, each naming its field's path. Top-level fields this code does not know are ignored rather than
 * refused, so a caller using a newer API field still gets an answer. Usage is always reported in this
 * dialect, so {@code streamUsage} is set.
 */
final class AnthropicRequestDecoder {
  /** Anthropic's minimum thinking budget ("Extended thinking": "the minimum budget is 1,024 tokens"). */
  static final int MIN_THINKING_BUDGET = 1024;
  static final int MAX_STOP_SEQUENCES = 10_000;
  private static final String BUDGET_OVER_MAX = "`max_tokens` must be greater than `thinking.budget_tokens`."
      + " Please consult our documentation at"
      + " https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size";

  private AnthropicRequestDecoder() {}

  /**
   * @param countTokens true for a count_tokens body: {@code max_tokens} is not required there
   * @throws GatewayException invalid request, with Anthropic's wording and the field's path
   */
  static ChatRequest decode(byte[] body, boolean countTokens) {
    ObjectNode root = AnthropicClientJson.parseObject(body);
    String model = Fields.requiredString(root, "model", "model");
    if (model.isEmpty()) {
      throw invalid("model", "String should have at least 1 character");
    }
    Integer maxTokens = countTokens ? Fields.optionalInt(root, "max_tokens", "max_tokens")
        : Integer.valueOf(Fields.requiredInt(root, "max_tokens", "max_tokens"));
    if (maxTokens != null && maxTokens < 1) {
      throw invalid("max_tokens", "Input should be greater than or equal to 1");
    }
    List<Message> messages = AnthropicContentReader.messages(root);
    List<Part> system = AnthropicContentReader.system(Fields.optional(root, "system"));
    List<String> stop = stopSequences(root);
    Double temperature = Fields.optionalNumber(root, "temperature", "temperature", 0, 1);
    Double topP = Fields.optionalNumber(root, "top_p", "top_p", 0, 1);
    Integer topK = Fields.optionalInt(root, "top_k", "top_k");
    if (topK != null && topK < 0) {
      throw invalid("top_k", "Input should be greater than or equal to 0");
    }
    Thinking thinking = thinking(root, maxTokens);
    List<Tool> tools = AnthropicToolsReader.tools(root);
    AnthropicToolsReader.Choice choice = AnthropicToolsReader.toolChoice(root);
    String user = user(root);
    Boolean stream = Fields.optionalBoolean(root, "stream", "stream");
    return new ChatRequest(model, system, messages, maxTokens, temperature, topP, topK, stop,
        /* seed= */ null, /* presencePenalty= */ null, /* frequencyPenalty= */ null, tools, choice.toolChoice(),
        /* responseFormat= */ null, thinking, choice.parallelToolCalls(), Boolean.TRUE.equals(stream),
        /* streamUsage= */ true, user, /* metadata= */ null);
  }

  private static List<String> stopSequences(JsonNode root) {
    JsonNode stop = Fields.optional(root, "stop_sequences");
    if (stop == null) {
      return List.of();
    }
    Fields.array(stop, "stop_sequences", MAX_STOP_SEQUENCES);
    List<String> out = new ArrayList<>(stop.size());
    for (int i = 0; i < stop.size(); i++) {
      out.add(Fields.string(stop.get(i), "stop_sequences." + i));
    }
    return out;
  }

  /** {@code {type: enabled, budget_tokens}} or {@code {type: disabled}} (null: no thinking). */
  private static Thinking thinking(JsonNode root, Integer maxTokens) {
    JsonNode thinking = Fields.optional(root, "thinking");
    if (thinking == null) {
      return null;
    }
    Fields.object(thinking, "thinking");
    String type = Fields.requiredString(thinking, "type", "thinking.type");
    switch (type) {
      case "disabled" -> {
        return null;
      }
      case "enabled" -> {
        String path = "thinking.enabled.budget_tokens";
        int budget = Fields.requiredInt(thinking, "budget_tokens", path);
        if (budget < MIN_THINKING_BUDGET) {
          throw invalid(path, "Input should be greater than or equal to " + MIN_THINKING_BUDGET);
        }
        if (maxTokens != null && budget >= maxTokens) {
          throw GatewayException.invalidRequest(BUDGET_OVER_MAX, "max_tokens");
        }
        return new Thinking(budget, null);
      }
      default -> throw Fields.unknownTag("thinking.type", type, List.of("enabled", "disabled"));
    }
  }

  private static String user(JsonNode root) {
    JsonNode metadata = Fields.optional(root, "metadata");
    if (metadata == null) {
      return null;
    }
    Fields.object(metadata, "metadata");
    return Fields.optionalString(metadata, "user_id", "metadata.user_id");
  }
}
