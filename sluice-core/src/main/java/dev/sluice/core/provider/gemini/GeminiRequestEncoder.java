package dev.sluice.core.provider.gemini;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.Message;
import dev.sluice.core.canonical.Part;
import dev.sluice.core.canonical.ResponseFormat;
import dev.sluice.core.canonical.Role;
import dev.sluice.core.canonical.Thinking;
import dev.sluice.core.canonical.Tool;
import dev.sluice.core.canonical.ToolChoice;

/**
 * Canonical request → {@code GenerateContentRequest} body (ai.google.dev/api/generate-content).
 *
 * <ul>
 *   <li>Tool parameters go in {@code parametersJsonSchema}, not {@code parameters}: {@code parameters} is Google's
 *       OpenAPI 3.0 {@code Schema} subset (no {@code $ref}, {@code additionalProperties}, {@code const}, ...), while
 *       {@code parametersJsonSchema} "describes the parameters to the function in JSON Schema format" and takes the
 *       caller's schema as is. The two are mutually exclusive. For the same reason a JSON-schema output uses
 *       {@code responseJsonSchema} ("an alternative to responseSchema that accepts JSON Schema").
 *   <li>Thinking becomes {@code thinkingConfig {thinkingBudget, includeThoughts: true}}: a budget as given, an
 *       effort mapped by {@link Thinking#budgetOr}, or -1 (Gemini's "dynamic thinking") when neither was.
 *   <li>Not sent, having no Gemini field: {@code parallelToolCalls}, {@code user}, {@code metadata},
 *       prompt-cache markers (Gemini caches implicitly, or through its separate cachedContents API).
 * </ul>
 */
final class GeminiRequestEncoder {
  /** {@code thinkingBudget: -1} lets the model decide how much to think. */
  static final int DYNAMIC_THINKING = -1;

  private GeminiRequestEncoder() {}

  static ObjectNode encode(ChatRequest request) {
    ObjectNode body = GeminiJson.MAPPER.createObjectNode();
    body.set("contents", GeminiContentsEncoder.encode(request.messages()));
    ArrayNode system = systemParts(request);
    if (!system.isEmpty()) {
      body.putObject("systemInstruction").set("parts", system);
    }
    if (!request.tools().isEmpty()) {
      body.set("tools", tools(request));
      if (request.toolChoice() != null) {
        body.putObject("toolConfig").set("functionCallingConfig", functionCallingConfig(request.toolChoice()));
      }
    }
    ObjectNode generation = generationConfig(request);
    if (!generation.isEmpty()) {
      body.set("generationConfig", generation);
    }
    return body;
  }

  /** The system text parts, then the text of any system-role message (Gemini has no system role in contents). */
  private static ArrayNode systemParts(ChatRequest request) {
    ArrayNode parts = GeminiJson.MAPPER.createArrayNode();
    for (Part p : request.system()) {
      if (p instanceof Part.Text t) {
        parts.addObject().put("text", t.text());
      }
    }
    for (Message m : request.messages()) {
      if (m.role() == Role.SYSTEM && !m.text().isEmpty()) {
        parts.addObject().put("text", m.text());
      }
    }
    return parts;
  }

  private static ArrayNode tools(ChatRequest request) {
    ArrayNode tools = GeminiJson.MAPPER.createArrayNode();
    ArrayNode declarations = tools.addObject().putArray("functionDeclarations");
    for (Tool tool : request.tools()) {
      ObjectNode declaration = declarations.addObject().put("name", tool.name());
      if (tool.description() != null) {
        declaration.put("description", tool.description());
      }
      if (tool.parameters() != null && !tool.parameters().isNull()) {
        declaration.set("parametersJsonSchema", tool.parameters());
      }
    }
    return tools;
  }

  private static ObjectNode functionCallingConfig(ToolChoice choice) {
    ObjectNode config = GeminiJson.MAPPER.createObjectNode();
    switch (choice) {
      case ToolChoice.Auto a -> config.put("mode", "AUTO");
      case ToolChoice.None n -> config.put("mode", "NONE");
      case ToolChoice.Required r -> config.put("mode", "ANY");
      case ToolChoice.Named named -> config.put("mode", "ANY").putArray("allowedFunctionNames").add(named.name());
    }
    return config;
  }

  private static ObjectNode generationConfig(ChatRequest request) {
    ObjectNode config = GeminiJson.MAPPER.createObjectNode();
    if (request.maxTokens() != null) {
      config.put("maxOutputTokens", request.maxTokens());
    }
    if (request.temperature() != null) {
      config.put("temperature", request.temperature());
    }
    if (request.topP() != null) {
      config.put("topP", request.topP());
    }
    if (request.topK() != null) {
      config.put("topK", request.topK());
    }
    if (!request.stop().isEmpty()) {
      ArrayNode stops = config.putArray("stopSequences");
      request.stop().forEach(stops::add);
    }
    if (request.seed() != null) {
      // Gemini's seed is an int32; a wider one is folded (deterministically) rather than rejected upstream.
      config.put("seed", Long.hashCode(request.seed()) == request.seed() ? request.seed().intValue()
          : Long.hashCode(request.seed()));
    }
    if (request.presencePenalty() != null) {
      config.put("presencePenalty", request.presencePenalty());
    }
    if (request.frequencyPenalty() != null) {
      config.put("frequencyPenalty", request.frequencyPenalty());
    }
    responseFormat(request.responseFormat(), config);
    if (request.thinking() != null) {
      config.putObject("thinkingConfig")
          .put("thinkingBudget", request.thinking().budgetOr(DYNAMIC_THINKING))
          .put("includeThoughts", true);
    }
    return config;
  }

  private static void responseFormat(ResponseFormat format, ObjectNode config) {
    if (format == null) {
      return;
    }
    switch (format) {
      case ResponseFormat.Text t -> { }
      case ResponseFormat.JsonObject j -> config.put("responseMimeType", "application/json");
      case ResponseFormat.JsonSchema schema -> {
        config.put("responseMimeType", "application/json");
        if (schema.schema() != null && !schema.schema().isNull()) {
          config.set("responseJsonSchema", schema.schema());
        }
      }
    }
  }
}
