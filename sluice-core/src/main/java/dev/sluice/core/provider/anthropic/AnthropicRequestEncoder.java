package dev.sluice.core.provider.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.Message;
import dev.sluice.core.canonical.Part;
import dev.sluice.core.canonical.Role;
import dev.sluice.core.canonical.Tool;
import dev.sluice.core.canonical.ToolChoice;
import dev.sluice.core.error.GatewayException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Canonical request to an Anthropic {@code POST /v1/messages} body.
 *
 * <ul>
 *   <li>Anthropic wants user and assistant turns alternating, so consecutive turns of one side are merged,
 *       and OpenAI-style tool messages become user turns of {@code tool_result} blocks. In a user turn the
 *       {@code tool_result} blocks go first: the tool-use guide requires them first in the content array of
 *       the message that answers a {@code tool_use}, with any text after them.
 *   <li>Blank text blocks and turns left empty are dropped: the API answers 400 "text content blocks must be
 *       non-empty" and "all messages must have non-empty content except for the optional final assistant
 *       message". Reasoning without a signature is dropped too: it came from another provider, and Anthropic
 *       only takes thinking blocks back with the signature it made.
 *   <li>{@code max_tokens} is required; without one we send {@link ChatRequest#DEFAULT_MAX_TOKENS} (plus the
 *       thinking budget, which counts inside it). A caller's own limit is kept, and a thinking budget that
 *       does not fit under it is lowered, or dropped when not even Anthropic's minimum of 1024 fits.
 *   <li>Seed and presence/frequency penalties have no Anthropic counterpart and are not sent.
 * </ul>
 */
final class AnthropicRequestEncoder {
  /** Anthropic's minimum {@code thinking.budget_tokens}. */
  static final int MIN_THINKING_BUDGET = 1024;
  /** The budget when reasoning was asked for without a size: what {@code effort: medium} maps to. */
  static final int DEFAULT_THINKING_BUDGET = 8192;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private AnthropicRequestEncoder() {}

  static byte[] encode(ChatRequest request, String upstreamModel) {
    try {
      return JSON.writeValueAsBytes(body(request, upstreamModel));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e); // a tree of our own nodes always serialises
    }
  }

  static ObjectNode body(ChatRequest r, String upstreamModel) {
    ObjectNode body = NODES.objectNode().put("model", upstreamModel);
    Integer budget = thinkingBudget(r);
    body.put("max_tokens", maxTokens(r, budget));
    List<Part> system = new ArrayList<>(r.system());
    ArrayNode messages = messages(r.messages(), system);
    JsonNode systemNode = system(system);
    if (systemNode != null) {
      body.set("system", systemNode);
    }
    body.set("messages", messages);
    if (!r.stop().isEmpty()) {
      ArrayNode stop = body.putArray("stop_sequences");
      r.stop().forEach(stop::add);
    }
    if (r.temperature() != null) {
      body.put("temperature", r.temperature());
    }
    if (r.topP() != null) {
      body.put("top_p", r.topP());
    }
    if (r.topK() != null) {
      body.put("top_k", r.topK());
    }
    tools(r, budget != null, body);
    if (budget != null) {
      body.putObject("thinking").put("type", "enabled").put("budget_tokens", budget);
    }
    if (r.user() != null) {
      body.putObject("metadata").put("user_id", r.user());
    }
    if (r.stream()) {
      body.put("stream", true);
    }
    return body;
  }

  /** The budget to send, or null for no thinking. */
  private static Integer thinkingBudget(ChatRequest r) {
    if (r.thinking() == null) {
      return null;
    }
    int budget = Math.max(MIN_THINKING_BUDGET, r.thinking().budgetOr(DEFAULT_THINKING_BUDGET));
    if (r.maxTokens() == null || budget < r.maxTokens()) {
      return budget;
    }
    // "`max_tokens` must be greater than `thinking.budget_tokens`": the caller's cap on spend wins
    int fitting = r.maxTokens() - 1;
    return fitting >= MIN_THINKING_BUDGET ? fitting : null;
  }

  private static int maxTokens(ChatRequest r, Integer budget) {
    if (r.maxTokens() != null) {
      return r.maxTokens();
    }
    return budget == null ? ChatRequest.DEFAULT_MAX_TOKENS : budget + ChatRequest.DEFAULT_MAX_TOKENS;
  }

  /** The system text parts as one string when that loses nothing, else as text blocks (cache markers kept). */
  private static JsonNode system(List<Part> system) {
    List<Part.Text> texts = new ArrayList<>();
    for (Part p : system) {
      if (p instanceof Part.Text t && !t.text().isEmpty()) {
        texts.add(t);
      }
    }
    if (texts.isEmpty()) {
      return null;
    }
    if (texts.size() == 1 && texts.get(0).cacheControl() == null) {
      return NODES.textNode(texts.get(0).text());
    }
    ArrayNode blocks = NODES.arrayNode();
    texts.forEach(t -> blocks.add(AnthropicBlocks.toBlock(t)));
    return blocks;
  }

  /** Alternating turns; system-role messages found among them are moved into {@code system}. */
  private static ArrayNode messages(List<Message> in, List<Part> system) {
    ArrayNode out = NODES.arrayNode();
    String lastRole = null;
    ArrayNode lastContent = null;
    for (Message m : in) {
      if (m.role() == Role.SYSTEM) {
        system.addAll(m.parts());
        continue;
      }
      String role = m.role() == Role.ASSISTANT ? "assistant" : "user";
      List<ObjectNode> blocks = blocks(m.parts());
      if (blocks.isEmpty()) {
        continue;
      }
      if (!role.equals(lastRole)) {
        ObjectNode message = out.addObject().put("role", role);
        lastContent = message.putArray("content");
        lastRole = role;
      }
      blocks.forEach(lastContent::add);
    }
    for (JsonNode message : out) {
      if (message.get("role").asText().equals("user")) {
        toolResultsFirst((ArrayNode) message.get("content"));
      }
    }
    trimFinalAssistantText(out);
    return out;
  }

  /**
   * A final assistant turn is a prefix the model continues (the gateway's mid-stream continuation sends
   * one), and Anthropic refuses one whose text ends in whitespace ("final assistant content cannot end with
   * trailing whitespace"), so that whitespace is cut; the model writes it again if it belongs there.
   */
  private static void trimFinalAssistantText(ArrayNode messages) {
    if (messages.isEmpty() || !messages.get(messages.size() - 1).get("role").asText().equals("assistant")) {
      return;
    }
    ArrayNode content = (ArrayNode) messages.get(messages.size() - 1).get("content");
    JsonNode last = content.get(content.size() - 1);
    if (!last.get("type").asText().equals("text")) {
      return;
    }
    String trimmed = last.get("text").asText().stripTrailing();
    if (!trimmed.isEmpty()) {
      ((ObjectNode) last).put("text", trimmed);
      return;
    }
    content.remove(content.size() - 1);
    if (content.isEmpty()) {
      messages.remove(messages.size() - 1);
    }
  }

  private static List<ObjectNode> blocks(List<Part> parts) {
    List<ObjectNode> blocks = new ArrayList<>(parts.size());
    for (Part p : parts) {
      boolean keep = switch (p) {
        case Part.Text t -> !t.text().isBlank();
        case Part.Reasoning r -> r.redacted() != null || (r.signature() != null && !r.signature().isEmpty());
        case Part.Image i -> true;
        case Part.ToolCall c -> true;
        case Part.ToolResult t -> true;
      };
      if (keep) {
        blocks.add(AnthropicBlocks.toBlock(p));
      }
    }
    return blocks;
  }

  private static void toolResultsFirst(ArrayNode content) {
    List<JsonNode> results = new ArrayList<>();
    List<JsonNode> rest = new ArrayList<>();
    for (JsonNode block : content) {
      (block.get("type").asText().equals("tool_result") ? results : rest).add(block);
    }
    if (results.isEmpty() || rest.isEmpty()) {
      return;
    }
    content.removeAll();
    content.addAll(results);
    content.addAll(rest);
  }

  /** {@code tools} (the caller's, plus the JSON-answer tool) and {@code tool_choice}. */
  private static void tools(ChatRequest r, boolean thinking, ObjectNode body) {
    ArrayNode tools = NODES.arrayNode();
    for (Tool t : r.tools()) {
      if (AnthropicJsonAnswer.isAnswerTool(t.name())) {
        throw GatewayException.invalidRequest("The tool name '" + t.name() + "' is reserved by the gateway;"
            + " please rename the tool.", "tools");
      }
      tools.add(tool(t));
    }
    ObjectNode answerTool = r.responseFormat() == null ? null : AnthropicJsonAnswer.tool(r.responseFormat());
    ObjectNode choice = toolChoice(r.toolChoice());
    if (answerTool != null) {
      tools.add(answerTool);
      if (r.tools().isEmpty()) {
        // "Extended thinking": only tool_choice auto or none work with thinking, so the tool is offered, not forced
        choice = thinking ? NODES.objectNode().put("type", "auto")
            : NODES.objectNode().put("type", "tool").put("name", AnthropicJsonAnswer.TOOL_NAME);
      }
    }
    if (tools.isEmpty()) {
      return; // a tool_choice without tools is refused by the API
    }
    body.set("tools", tools);
    if (Boolean.FALSE.equals(r.parallelToolCalls())) {
      choice = choice == null ? NODES.objectNode().put("type", "auto") : choice;
      if (!choice.get("type").asText().equals("none")) {
        choice.put("disable_parallel_tool_use", true);
      }
    }
    if (choice != null) {
      body.set("tool_choice", choice);
    }
  }

  private static ObjectNode tool(Tool t) {
    ObjectNode tool = NODES.objectNode().put("name", t.name());
    if (t.description() != null) {
      tool.put("description", t.description());
    }
    JsonNode schema = t.parameters();
    if (schema == null || !schema.isObject()) {
      schema = NODES.objectNode().put("type", "object").set("properties", NODES.objectNode());
    } else if (!schema.has("type")) {
      schema = ((ObjectNode) schema.deepCopy()).put("type", "object"); // input_schema.type is required
    }
    tool.set("input_schema", schema);
    return tool;
  }

  private static ObjectNode toolChoice(ToolChoice choice) {
    if (choice == null) {
      return null;
    }
    return switch (choice) {
      case ToolChoice.Auto a -> NODES.objectNode().put("type", "auto");
      case ToolChoice.None n -> NODES.objectNode().put("type", "none");
      case ToolChoice.Required q -> NODES.objectNode().put("type", "any");
      case ToolChoice.Named n -> NODES.objectNode().put("type", "tool").put("name", n.name());
    };
  }
}
