package dev.sluice.core.provider.cohere;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.ResponseFormat;
import dev.sluice.core.canonical.Thinking;
import dev.sluice.core.canonical.Tool;
import dev.sluice.core.canonical.ToolChoice;
import dev.sluice.core.error.GatewayException;
import java.util.List;

/**
 * Canonical request to the body of Cohere's {@code POST /v2/chat} (docs.cohere.com/reference/chat).
 *
 * <ul>
 *   <li>Renamed settings: {@code topP} is {@code p}, {@code topK} is {@code k}, {@code stop} is
 *       {@code stop_sequences}. {@code user}, {@code metadata} and {@code parallelToolCalls} have no Cohere
 *       field and are not sent.
 *   <li>{@code tool_choice} is {@code REQUIRED} or {@code NONE} only ("If tool_choice isn't specified, then
 *       the model is free to choose"). Cohere cannot force one named tool, so a named choice is sent as
 *       {@code REQUIRED} with only that tool in {@code tools}: the model must call a tool and has exactly
 *       one. A choice that needs a tool when there is none is refused here rather than by Cohere.
 *   <li>{@code response_format}: {@code {"type": "json_object"}}, plus {@code json_schema} (the bare schema)
 *       for a schema request; the schema's name and strict flag have no Cohere field.
 *   <li>{@code thinking} (reasoning models such as {@code command-a-reasoning}): {@code {"type": "enabled",
 *       "token_budget": n}}; an effort level becomes a budget ({@link Thinking#budgetOr}), a budget of 0
 *       becomes {@code {"type": "disabled"}} (Cohere: "Reasoning is enabled by default for models that
 *       support it, but can be turned off"; a token_budget "must be set to a positive integer").
 * </ul>
 */
final class CohereRequestEncoder {
  private CohereRequestEncoder() {}

  static byte[] encode(ChatRequest request, String upstreamModel) {
    ObjectNode body = CohereJson.MAPPER.createObjectNode();
    body.put("model", upstreamModel);
    body.set("messages", CohereMessageEncoder.encode(request));
    addTools(body, request.tools(), request.toolChoice());
    addResponseFormat(body, request.responseFormat());
    addSampling(body, request);
    addThinking(body, request.thinking());
    body.put("stream", request.stream());
    return CohereJson.write(body);
  }

  private static void addTools(ObjectNode body, List<Tool> tools, ToolChoice choice) {
    if (tools.isEmpty()) {
      if (choice instanceof ToolChoice.Required || choice instanceof ToolChoice.Named) {
        throw GatewayException.invalidRequest("tool_choice asks for a tool call but no tools were given.",
            "tool_choice");
      }
      return; // auto or none without tools: nothing to allow or forbid
    }
    List<Tool> sent = tools;
    String mode = null;
    switch (choice) {
      case null -> { }
      case ToolChoice.Auto a -> { }
      case ToolChoice.None n -> mode = "NONE";
      case ToolChoice.Required r -> mode = "REQUIRED";
      case ToolChoice.Named named -> {
        sent = tools.stream().filter(t -> t.name().equals(named.name())).toList();
        if (sent.isEmpty()) {
          throw GatewayException.invalidRequest("tool_choice names the tool '" + named.name()
              + "', which is not among the tools given.", "tool_choice");
        }
        mode = "REQUIRED"; // Cohere has no named choice: only this tool, and a call is required
      }
    }
    ArrayNode array = body.putArray("tools");
    for (Tool tool : sent) {
      ObjectNode function = array.addObject().put("type", "function").putObject("function");
      function.put("name", tool.name());
      if (tool.description() != null) {
        function.put("description", tool.description());
      }
      if (tool.parameters() != null) {
        function.set("parameters", tool.parameters());
      } else {
        // Cohere's tool schema lists parameters among the fields a tool "must contain": an empty object.
        function.putObject("parameters").put("type", "object").putObject("properties");
      }
    }
    if (mode != null) {
      body.put("tool_choice", mode);
    }
  }

  private static void addResponseFormat(ObjectNode body, ResponseFormat format) {
    switch (format) {
      case null -> { }
      case ResponseFormat.Text t -> { }
      case ResponseFormat.JsonObject j -> body.putObject("response_format").put("type", "json_object");
      case ResponseFormat.JsonSchema s -> {
        ObjectNode rf = body.putObject("response_format").put("type", "json_object");
        if (s.schema() != null) {
          rf.set("json_schema", s.schema());
        }
      }
    }
  }

  private static void addSampling(ObjectNode body, ChatRequest r) {
    if (r.maxTokens() != null) {
      body.put("max_tokens", r.maxTokens());
    }
    if (!r.stop().isEmpty()) {
      ArrayNode stops = body.putArray("stop_sequences");
      r.stop().forEach(stops::add);
    }
    if (r.temperature() != null) {
      body.put("temperature", r.temperature());
    }
    if (r.topP() != null) {
      body.put("p", r.topP());
    }
    if (r.topK() != null) {
      body.put("k", r.topK());
    }
    if (r.seed() != null) {
      body.put("seed", r.seed());
    }
    if (r.frequencyPenalty() != null) {
      body.put("frequency_penalty", r.frequencyPenalty());
    }
    if (r.presencePenalty() != null) {
      body.put("presence_penalty", r.presencePenalty());
    }
  }

  private static void addThinking(ObjectNode body, Thinking thinking) {
    if (thinking == null) {
      return;
    }
    ObjectNode node = body.putObject("thinking");
    if (thinking.budgetTokens() != null && thinking.budgetTokens() <= 0) {
      node.put("type", "disabled");
      return;
    }
    node.put("type", "enabled");
    if (thinking.budgetTokens() != null || thinking.effort() != null) {
      node.put("token_budget", thinking.budgetOr(/* fallback= */ 0));
    }
  }
}
