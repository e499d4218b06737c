package dev.sluice.core.dialect.responses;

import static dev.sluice.core.dialect.responses.JsonMembers.given;
import static dev.sluice.core.dialect.responses.JsonMembers.optionalBoolean;
import static dev.sluice.core.dialect.responses.JsonMembers.optionalObject;
import static dev.sluice.core.dialect.responses.JsonMembers.optionalString;
import static dev.sluice.core.dialect.responses.RequestErrors.invalidType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.Part;
import dev.sluice.core.canonical.Thinking;
import dev.sluice.core.canonical.Tool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code POST /v1/responses} body to a canonical {@link ChatRequest}, validated with OpenAI's wording and
 * param paths. {@code input} is read by {@link InputDecoder}, {@code tools} and {@code tool_choice} by
 * {@link ToolsDecoder}, {@code text.format} by {@link TextFormatDecoder}.
 *
 * <p>Sluice stores nothing (its data policy), so the members that point at stored state are refused with a
 * message that says what to send instead: {@code previous_response_id}, {@code conversation},
 * {@code prompt} (a stored template) and {@code background: true} (a response fetched later). {@code store}
 * is accepted and ignored: nothing is stored either way, and the response says {@code store: false}.
 * Members with no canonical counterpart ({@code include}, {@code truncation}, {@code service_tier},
 * {@code prompt_cache_key}, {@code stream_options}, {@code top_logprobs}, {@code max_tool_calls},
 * {@code text.verbosity}, {@code reasoning.summary}) and unknown members are ignored, as the Chat Completions
 * dialect ignores the members it does not check.
 */
final class RequestDecoder {
  /** Output tokens a caller may ask for: above every model's limit, so the provider's own check decides. */
  static final int MAX_OUTPUT_TOKENS = 10_000_000;
  static final int MAX_METADATA_PAIRS = 16;
  static final int MAX_METADATA_KEY = 64;
  static final int MAX_METADATA_VALUE = 512;
  static final int MAX_USER = 256;
  static final List<String> EFFORTS = List.of("none", "minimal", "low", "medium", "high", "xhigh");

  private RequestDecoder() {}

  static ChatRequest decode(byte[] body) {
    ObjectNode root = ResponsesJson.readBody(body);
    refuseStoredState(root);
    String model = JsonMembers.requiredName(root, "model", "");
    String instructions = optionalString(root, "instructions", "");
    List<Part> system = instructions == null || instructions.isEmpty() ? List.of() : List.of(Part.Text.of(instructions));
    InputDecoder.Conversation conversation = InputDecoder.decode(root.get("input"), system);
    List<Tool> tools = ToolsDecoder.tools(given(root, "tools"));
    Boolean stream = optionalBoolean(root, "stream", "");
    return new ChatRequest(
        model,
        conversation.system(),
        conversation.messages(),
        JsonMembers.optionalInt(root, "max_output_tokens", 1, MAX_OUTPUT_TOKENS),
        JsonMembers.optionalNumber(root, "temperature", 0, 2),
        JsonMembers.optionalNumber(root, "top_p", 0, 1),
        /* topK= */ null,
        /* stop= */ List.of(),
        /* seed= */ null,
        /* presencePenalty= */ null,
        /* frequencyPenalty= */ null,
        tools,
        ToolsDecoder.toolChoice(given(root, "tool_choice"), tools),
        TextFormatDecoder.decode(given(root, "text")),
        thinking(optionalObject(root, "reasoning", "")),
        optionalBoolean(root, "parallel_tool_calls", ""),
        stream != null && stream,
        /* streamUsage= */ true, // response.completed always carries usage in this dialect
        user(root),
        metadata(optionalObject(root, "metadata", "")));
  }

  private static void refuseStoredState(ObjectNode root) {
    if (given(root, "previous_response_id") != null) {
      throw RequestErrors.unsupportedParameter("previous_response_id", "Sluice does not store responses; send the"
          + " full input (earlier items included) instead.");
    }
    if (given(root, "conversation") != null) {
      throw RequestErrors.unsupportedParameter("conversation", "Sluice does not store conversations; send the full"
          + " input instead.");
    }
    if (given(root, "prompt") != null) {
      throw RequestErrors.unsupportedParameter("prompt", "Sluice does not hold stored prompt templates; send the"
          + " instructions and input themselves.");
    }
    if (Boolean.TRUE.equals(optionalBoolean(root, "background", ""))) {
      throw RequestErrors.unsupportedParameter("background", "Sluice does not store responses, so a background"
          + " response could not be fetched later; send the request without background (stream it if it is long).");
    }
    optionalBoolean(root, "store", ""); // checked and ignored: nothing is stored either way
  }

  /**
   * {@code reasoning.effort}. {@code none} asks for no reasoning, which is the canonical "not asked for"
   * (null); {@code xhigh} becomes {@code high}, the canonical scale's top.
   */
  private static Thinking thinking(JsonNode reasoning) {
    if (reasoning == null) {
      return null;
    }
    String effort = optionalString(reasoning, "effort", "reasoning");
    if (effort == null) {
      return null;
    }
    if (!EFFORTS.contains(effort)) {
      throw RequestErrors.invalidValue("reasoning.effort", effort, EFFORTS);
    }
    return switch (effort) {
      case "none" -> null;
      case "xhigh" -> new Thinking(null, "high");
      default -> new Thinking(null, effort);
    };
  }

  /** {@code user}, or its successor {@code safety_identifier}: the end user the ledger keys on. */
  private static String user(JsonNode root) {
    String user = optionalString(root, "user", "");
    String param = "user";
    if (user == null || user.isEmpty()) {
      user = optionalString(root, "safety_identifier", "");
      param = "safety_identifier";
    }
    if (user != null && user.length() > MAX_USER) {
      throw RequestErrors.stringTooLong(param, MAX_USER, user.length());
    }
    return user == null || user.isEmpty() ? null : user;
  }

  /** Up to 16 string pairs, keys up to 64 characters, values up to 512 (OpenAI's limits). */
  private static Map<String, String> metadata(JsonNode metadata) {
    if (metadata == null) {
      return Map.of();
    }
    if (metadata.size() > MAX_METADATA_PAIRS) {
      throw RequestErrors.aboveMaxPairs("metadata", MAX_METADATA_PAIRS, metadata.size());
    }
    Map<String, String> tags = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : metadata.properties()) {
      String param = "metadata." + e.getKey();
      if (!e.getValue().isTextual()) {
        throw invalidType(param, "a string", e.getValue());
      }
      if (e.getKey().length() > MAX_METADATA_KEY) {
        throw RequestErrors.stringTooLong("metadata", MAX_METADATA_KEY, e.getKey().length());
      }
      if (e.getValue().textValue().length() > MAX_METADATA_VALUE) {
        throw RequestErrors.stringTooLong(param, MAX_METADATA_VALUE, e.getValue().textValue().length());
      }
      tags.put(e.getKey(), e.getValue().textValue());
    }
    return tags;
  }
}
