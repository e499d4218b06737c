package dev.sluice.core.dialect.openai;

import static dev.sluice.core.dialect.openai.OpenAiCanonicalFields.absent;
import static dev.sluice.core.dialect.openai.OpenAiCanonicalFields.array;
import static dev.sluice.core.dialect.openai.OpenAiCanonicalFields.bool;
import static dev.sluice.core.dialect.openai.OpenAiCanonicalFields.integer;
import static dev.sluice.core.dialect.openai.OpenAiCanonicalFields.number;
import static dev.sluice.core.dialect.openai.OpenAiCanonicalFields.object;
import static dev.sluice.core.dialect.openai.OpenAiCanonicalFields.oneOf;
import static dev.sluice.core.dialect.openai.OpenAiCanonicalFields.requiredString;
import static dev.sluice.core.dialect.openai.OpenAiCanonicalFields.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.ResponseFormat;
import dev.sluice.core.canonical.Thinking;
import dev.sluice.core.canonical.Tool;
import dev.sluice.core.canonical.ToolChoice;
import dev.sluice.core.error.GatewayException;
import java.util.ArrayList;
import java.util.List;

/**
 * A validated OpenAI chat body → {@link ChatRequest}, for a provider that does not speak OpenAI.
 *
 * <p>Read: {@code messages} ({@link OpenAiChatDialectMessages}), {@code max_completion_tokens} or else
 * {@code max_tokens}, {@code temperature}, {@code top_p}, {@code top_k} (not OpenAI's, but vLLM and OpenRouter
 * accept it and Anthropic and Gemini have it), {@code stop}, {@code seed}, the penalties, {@code tools},
 * {@code tool_choice}, {@code response_format}, {@code reasoning_effort}, {@code parallel_tool_calls},
 * {@code stream}, {@code stream_options.include_usage}, {@code user}, {@code metadata}.
 *
 * <p>Refused, because the answer could not honour them: {@code n} above 1 (one choice only), and the legacy
 * {@code functions}/{@code function_call}. Ignored, as settings only OpenAI has: {@code logit_bias},
 * {@code logprobs}/{@code top_logprobs} (the answer says {@code "logprobs": null}), {@code store},
 * {@code service_tier}, {@code prediction}, {@code modalities}/{@code audio}, {@code web_search_options}, and
 * OpenRouter's routing members (read by the gateway from {@link OpenAiChatRequest}).
 */
final class OpenAiChatDialectRequestDecoder {
  static final List<String> TOOL_CHOICES = List.of("none", "auto", "required");
  static final List<String> RESPONSE_FORMATS = List.of("text", "json_object", "json_schema");

  private OpenAiChatDialectRequestDecoder() {}

  static ChatRequest decode(OpenAiChatRequest parsed) {
    ObjectNode body = parsed.body();
    refuseWhatCannotBeHonoured(body);
    OpenAiChatDialectMessages.Decoded conversation = OpenAiChatDialectMessages.decode(body.get("messages"));
    Long topK = integer(body.get("top_k"), "top_k");
    Long seed = integer(body.get("seed"), "seed");
    return new ChatRequest(
        parsed.model(),
        conversation.system(),
        conversation.messages(),
        parsed.maxOutputTokens().isPresent() ? Math.toIntExact(parsed.maxOutputTokens().getAsLong()) : null,
        number(body.get("temperature"), "temperature"),
        number(body.get("top_p"), "top_p"),
        topK == null ? null : Math.toIntExact(Math.min(topK, Integer.MAX_VALUE)),
        stop(body.get("stop")),
        seed,
        number(body.get("presence_penalty"), "presence_penalty"),
        number(body.get("frequency_penalty"), "frequency_penalty"),
        tools(body.get("tools")),
        toolChoice(body.get("tool_choice")),
        responseFormat(body.get("response_format")),
        thinking(body.get("reasoning_effort")),
        bool(body.get("parallel_tool_calls"), "parallel_tool_calls"),
        parsed.stream(),
        parsed.stream() && parsed.includeUsage(),
        parsed.user(),
        parsed.metadata());
  }

  private static void refuseWhatCannotBeHonoured(ObjectNode body) {
    Long n = integer(body.get("n"), "n");
    if (n != null && n > 1) {
      throw GatewayException.invalidRequest("Invalid 'n': this model answers with one choice only; send n=1 or"
          + " leave it out.", "n", "unsupported_value");
    }
    for (String legacy : List.of("functions", "function_call")) {
      if (!absent(body.get(legacy))) {
        throw GatewayException.invalidRequest("The legacy '" + legacy + "' parameter is not supported for this"
            + " model; use 'tools' and 'tool_choice'.", legacy, "unsupported_parameter");
      }
    }
  }

  /** A string or an array of strings. */
  private static List<String> stop(JsonNode node) {
    if (absent(node)) {
      return List.of();
    }
    if (node.isTextual()) {
      return List.of(node.textValue());
    }
    if (!node.isArray()) {
      throw InvalidParams.invalidType("stop", "one of a string or an array of strings", node.asToken());
    }
    List<String> stops = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      stops.add(requiredString(node.get(i), "stop[" + i + "]"));
    }
    return stops;
  }

  /** {@code [{"type": "function", "function": {"name", "description", "parameters"}}]}. */
  private static List<Tool> tools(JsonNode node) {
    if (array(node, "tools") == null) {
      return List.of();
    }
    List<Tool> tools = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String at = "tools[" + i + "]";
      JsonNode tool = node.get(i); // parse checked it is an object
      oneOf(tool.get("type"), at + ".type", List.of("function"));
      JsonNode function = object(tool.get("function"), at + ".function");
      if (function == null) {
        throw InvalidParams.missing(at + ".function");
      }
      tools.add(new Tool(requiredString(function.get("name"), at + ".function.name"),
          string(function.get("description"), at + ".function.description"),
          object(function.get("parameters"), at + ".function.parameters")));
    }
    return tools;
  }

  /** {@code none | auto | required} or {@code {"type": "function", "function": {"name": ...}}}. */
  private static ToolChoice toolChoice(JsonNode node) {
    if (absent(node)) {
      return null;
    }
    if (node.isTextual()) {
      return switch (oneOf(node, "tool_choice", TOOL_CHOICES)) {
        case "none" -> ToolChoice.NONE;
        case "required" -> ToolChoice.REQUIRED;
        default -> ToolChoice.AUTO;
      };
    }
    if (!node.isObject()) {
      throw InvalidParams.invalidType("tool_choice", "one of a string or an object", node.asToken());
    }
    oneOf(node.get("type"), "tool_choice.type", List.of("function"));
    JsonNode function = object(node.get("function"), "tool_choice.function");
    if (function == null) {
      throw InvalidParams.missing("tool_choice.function");
    }
    return new ToolChoice.Named(requiredString(function.get("name"), "tool_choice.function.name"));
  }

  /** {@code {"type": "text" | "json_object" | "json_schema", "json_schema": {"name", "schema", "strict"}}}. */
  private static ResponseFormat responseFormat(JsonNode node) {
    if (object(node, "response_format") == null) {
      return null;
    }
    String type = oneOf(node.get("type"), "response_format.type", RESPONSE_FORMATS);
    if (type == null) {
      throw InvalidParams.missing("response_format.type");
    }
    return switch (type) {
      case "json_object" -> new ResponseFormat.JsonObject();
      case "json_schema" -> jsonSchema(node.get("json_schema"));
      default -> ResponseFormat.TEXT;
    };
  }

  private static ResponseFormat.JsonSchema jsonSchema(JsonNode node) {
    if (object(node, "response_format.json_schema") == null) {
      throw InvalidParams.missing("response_format.json_schema");
    }
    Boolean strict = bool(node.get("strict"), "response_format.json_schema.strict");
    return new ResponseFormat.JsonSchema(string(node.get("name"), "response_format.json_schema.name"),
        object(node.get("schema"), "response_format.json_schema.schema"), strict != null && strict);
  }

  /**
   * {@code reasoning_effort} → an effort-only {@link Thinking}; {@code "none"} (GPT-5.1's "no reasoning") asks
   * for none. Other values pass as given: each provider codec maps efforts to what it has.
   */
  private static Thinking thinking(JsonNode node) {
    String effort = string(node, "reasoning_effort");
    return effort == null || effort.equals("none") ? null : new Thinking(null, effort);
  }
}
