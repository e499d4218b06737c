package dev.sluice.core.dialect.responses;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.ResponseFormat;
import dev.sluice.core.canonical.Tool;
import dev.sluice.core.canonical.ToolChoice;
import dev.sluice.core.model.Usage;
import java.io.IOException;
import java.util.Map;

/**
 * Writes a {@code response} object with the members, in the order, of OpenAI's own
 * ({@code wire/openai/responses.json}). Besides the answer, OpenAI echoes the request's settings; we echo
 * the caller's decoded request, with OpenAI's defaults where the caller gave none (temperature and top_p 1,
 * parallel tool calls on, tool choice auto, text format text).
 *
 * <p>Where the canonical request cannot say what the caller sent, the echo is an approximation:
 * {@code instructions} is the whole system text (instructions and system/developer input messages joined),
 * a tool's {@code strict} is null (the canonical tool has no flag), an effort of {@code xhigh} echoes as
 * {@code high}. {@code store} is always false: Sluice stores no response, whatever the caller asked.
 * {@code model} is the model as the caller named it (a virtual model stays virtual).
 */
final class ResponseObjectWriter {
  /** OpenAI's defaults, echoed when the caller gave none. */
  private static final double DEFAULT_TEMPERATURE = 1.0;
  private static final double DEFAULT_TOP_P = 1.0;

  private ResponseObjectWriter() {}

  static void write(JsonGenerator g, ResponseSnapshot s, ChatRequest request) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", s.id());
    g.writeStringField("object", "response");
    g.writeNumberField("created_at", s.createdAt());
    g.writeStringField("status", s.status());
    writeError(g, s);
    if (s.incompleteReason() == null) {
      g.writeNullField("incomplete_details");
    } else {
      g.writeObjectFieldStart("incomplete_details");
      g.writeStringField("reason", s.incompleteReason());
      g.writeEndObject();
    }
    writeNullable(g, "instructions", request.systemText());
    if (request.maxTokens() == null) {
      g.writeNullField("max_output_tokens");
    } else {
      g.writeNumberField("max_output_tokens", request.maxTokens());
    }
    g.writeStringField("model", request.model());
    g.writeArrayFieldStart("output");
    for (OutputItem item : s.output()) {
      item.write(g);
    }
    g.writeEndArray();
    g.writeBooleanField("parallel_tool_calls", request.parallelToolCalls() == null || request.parallelToolCalls());
    g.writeNullField("previous_response_id");
    g.writeObjectFieldStart("reasoning");
    writeNullable(g, "effort", request.thinking() == null ? null : request.thinking().effort());
    g.writeNullField("summary");
    g.writeEndObject();
    g.writeBooleanField("store", false);
    g.writeNumberField("temperature", request.temperature() == null ? DEFAULT_TEMPERATURE : request.temperature());
    g.writeObjectFieldStart("text");
    writeFormat(g, request.responseFormat());
    g.writeEndObject();
    writeToolChoice(g, request.toolChoice());
    writeTools(g, request);
    g.writeNumberField("top_p", request.topP() == null ? DEFAULT_TOP_P : request.topP());
    g.writeStringField("truncation", "disabled");
    writeUsage(g, s.usage());
    writeNullable(g, "user", request.user());
    g.writeObjectFieldStart("metadata");
    for (Map.Entry<String, String> e : request.metadata().entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void writeError(JsonGenerator g, ResponseSnapshot s) throws IOException {
    if (s.errorCode() == null) {
      g.writeNullField("error");
      return;
    }
    g.writeObjectFieldStart("error");
    g.writeStringField("code", s.errorCode());
    g.writeStringField("message", s.errorMessage());
    g.writeEndObject();
  }

  private static void writeFormat(JsonGenerator g, ResponseFormat format) throws IOException {
    g.writeObjectFieldStart("format");
    switch (format) {
      case null -> g.writeStringField("type", "text");
      case ResponseFormat.Text t -> g.writeStringField("type", "text");
      case ResponseFormat.JsonObject o -> g.writeStringField("type", "json_object");
      case ResponseFormat.JsonSchema js -> {
        g.writeStringField("type", "json_schema");
        g.writeStringField("name", js.name());
        g.writeFieldName("schema");
        writeTree(g, js.schema());
        g.writeBooleanField("strict", js.strict());
      }
    }
    g.writeEndObject();
  }

  private static void writeToolChoice(JsonGenerator g, ToolChoice choice) throws IOException {
    switch (choice) {
      case null -> g.writeStringField("tool_choice", "auto");
      case ToolChoice.Auto a -> g.writeStringField("tool_choice", "auto");
      case ToolChoice.None n -> g.writeStringField("tool_choice", "none");
      case ToolChoice.Required r -> g.writeStringField("tool_choice", "required");
      case ToolChoice.Named named -> {
        g.writeObjectFieldStart("tool_choice");
        g.writeStringField("type", "function");
        g.writeStringField("name", named.name());
        g.writeEndObject();
      }
    }
  }

  private static void writeTools(JsonGenerator g, ChatRequest request) throws IOException {
    g.writeArrayFieldStart("tools");
    for (Tool t : request.tools()) {
      g.writeStartObject();
      g.writeStringField("type", "function");
      writeNullable(g, "description", t.description());
      g.writeStringField("name", t.name());
      g.writeFieldName("parameters");
      writeTree(g, t.parameters());
      g.writeNullField("strict");
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** OpenAI's usage object; null when the provider reported none. */
  static void writeUsage(JsonGenerator g, Usage usage) throws IOException {
    if (usage == null || !usage.isKnown()) {
      g.writeNullField("usage");
      return;
    }
    g.writeObjectFieldStart("usage");
    g.writeNumberField("input_tokens", usage.inputTokens());
    g.writeObjectFieldStart("input_tokens_details");
    g.writeNumberField("cached_tokens", usage.cacheReadTokens());
    g.writeEndObject();
    g.writeNumberField("output_tokens", usage.outputTokens());
    g.writeObjectFieldStart("output_tokens_details");
    g.writeNumberField("reasoning_tokens", usage.reasoningTokens());
    g.writeEndObject();
    g.writeNumberField("total_tokens", usage.totalTokens());
    g.writeEndObject();
  }

  private static void writeTree(JsonGenerator g, JsonNode node) throws IOException {
    if (node == null) {
      g.writeNull();
    } else {
      ResponsesJson.WRITER.writeTree(g, node);
    }
  }

  private static void writeNullable(JsonGenerator g, String name, String value) throws IOException {
    if (value == null) {
      g.writeNullField(name);
    } else {
      g.writeStringField(name, value);
    }
  }
}
