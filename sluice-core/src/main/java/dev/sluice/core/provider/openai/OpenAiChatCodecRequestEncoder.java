package dev.sluice.core.provider.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.ResponseFormat;
import dev.sluice.core.canonical.Tool;
import dev.sluice.core.canonical.ToolChoice;

/**
 * {@link ChatRequest} → an OpenAI {@code /chat/completions} body, in the subset OpenAI-compatible hosts
 * (Groq, Together, Mistral, DeepSeek, vLLM, Ollama, Azure) accept alike.
 *
 * <ul>
 *   <li>The system parts become one leading {@code system} message (OpenAI's {@code developer} role is
 *       OpenAI's alone).
 *   <li>Messages come from {@link OpenAiChatCodecMessages}: tool results as {@code tool} messages, images as
 *       {@code image_url} parts, reasoning dropped.
 *   <li>The output limit goes in {@code max_tokens} unless the provider's {@code max_tokens_field} option says
 *       {@code max_completion_tokens}: every compatible host takes {@code max_tokens}, OpenAI still accepts it
 *       for its chat models, while its reasoning models (o-series, GPT-5) refuse it ("Unsupported parameter:
 *       'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.") and need the
 *       option.
 *   <li>{@code reasoning_effort} from {@link dev.sluice.core.canonical.Thinking#effortOr} (a budget maps to an
 *       effort).
 *   <li>{@code parallel_tool_calls} only with tools: OpenAI refuses it alone.
 *   <li>Streaming always asks for usage ({@code stream_options.include_usage}): the gateway must learn it.
 *   <li>Not sent: {@code top_k} (no OpenAI field), cache markers (OpenAI caches on its own), {@code metadata}
 *       (OpenAI accepts it only with {@code store}, and hosts refuse what they do not know).
 * </ul>
 */
final class OpenAiChatCodecRequestEncoder {
  static final String MAX_TOKENS = "max_tokens";
  static final String MAX_COMPLETION_TOKENS = "max_completion_tokens";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private OpenAiChatCodecRequestEncoder() {}

  /**
   * @param model the upstream model for the body, or null to leave it out (Azure names the deployment in the
   *     path)
   * @param maxTokensField {@link #MAX_TOKENS} or {@link #MAX_COMPLETION_TOKENS}
   */
  static ObjectNode encode(ChatRequest request, String model, String maxTokensField) {
    ObjectNode body = NODES.objectNode();
    if (model != null) {
      body.put("model", model);
    }
    body.set("messages", OpenAiChatCodecMessages.encode(request.systemText(), request.messages()));
    if (request.maxTokens() != null) {
      body.put(maxTokensField, request.maxTokens());
    }
    putIfSet(body, "temperature", request.temperature());
    putIfSet(body, "top_p", request.topP());
    if (!request.stop().isEmpty()) {
      ArrayNode stop = body.putArray("stop");
      request.stop().forEach(stop::add);
    }
    if (request.seed() != null) {
      body.put("seed", request.seed());
    }
    putIfSet(body, "presence_penalty", request.presencePenalty());
    putIfSet(body, "frequency_penalty", request.frequencyPenalty());
    if (!request.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      request.tools().forEach(t -> tools.add(tool(t)));
      if (request.parallelToolCalls() != null) {
        body.put("parallel_tool_calls", request.parallelToolCalls());
      }
    }
    if (request.toolChoice() != null) {
      body.set("tool_choice", toolChoice(request.toolChoice()));
    }
    if (request.responseFormat() != null) {
      body.set("response_format", responseFormat(request.responseFormat()));
    }
    if (request.thinking() != null) {
      body.put("reasoning_effort", request.thinking().effortOr("medium"));
    }
    if (request.user() != null) {
      body.put("user", request.user());
    }
    if (request.stream()) {
      body.put("stream", true);
      body.putObject("stream_options").put("include_usage", true);
    }
    return body;
  }

  private static void putIfSet(ObjectNode body, String field, Double value) {
    if (value != null) {
      body.put(field, value);
    }
  }

  /** Hosts differ on a function without {@code parameters}; an empty object schema is accepted by all. */
  private static ObjectNode tool(Tool tool) {
    ObjectNode t = NODES.objectNode();
    t.put("type", "function");
    ObjectNode function = t.putObject("function");
    function.put("name", tool.name());
    if (tool.description() != null) {
      function.put("description", tool.description());
    }
    if (tool.parameters() != null) {
      function.set("parameters", tool.parameters());
    } else {
      function.putObject("parameters").put("type", "object").putObject("properties");
    }
    return t;
  }

  private static com.fasterxml.jackson.databind.JsonNode toolChoice(ToolChoice choice) {
    return switch (choice) {
      case ToolChoice.Auto a -> NODES.textNode("auto");
      case ToolChoice.None n -> NODES.textNode("none");
      case ToolChoice.Required r -> NODES.textNode("required");
      case ToolChoice.Named n -> {
        ObjectNode named = NODES.objectNode().put("type", "function");
        named.putObject("function").put("name", n.name());
        yield named;
      }
    };
  }

  /** OpenAI requires a schema name ({@code ^[a-zA-Z0-9_-]{1,64}$}); callers of other dialects may give none. */
  private static ObjectNode responseFormat(ResponseFormat format) {
    return switch (format) {
      case ResponseFormat.Text t -> NODES.objectNode().put("type", "text");
      case ResponseFormat.JsonObject o -> NODES.objectNode().put("type", "json_object");
      case ResponseFormat.JsonSchema s -> {
        ObjectNode f = NODES.objectNode().put("type", "json_schema");
        ObjectNode schema = f.putObject("json_schema");
        schema.put("name", s.name() == null || s.name().isEmpty() ? "response" : s.name());
        if (s.schema() != null) {
          schema.set("schema", s.schema());
        }
        schema.put("strict", s.strict());
        yield f;
      }
    };
  }
}
