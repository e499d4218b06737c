package dev.sluice.core.provider.openai;

import static dev.sluice.core.provider.openai.OpenAiChatCodecJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.canonical.StreamEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Streamed {@code tool_calls} deltas → canonical tool-call events. OpenAI keys deltas by {@code index}: the
 * first for an index carries {@code id}, {@code type} and {@code function.name} (with {@code arguments: ""}),
 * later ones only argument fragments.
 *
 * <ul>
 *   <li>A call starts ({@link StreamEvent.ToolCallStart}) once its name is known; arguments that came before
 *       wait for it. A host that never sends an id gets {@code call_<index>}.
 *   <li>Canonical indexes count calls in order of their start, whatever OpenAI indexes the host used.
 *   <li>A delta without {@code index} (a few hosts) opens a new call when it has an id, else continues the
 *       last one.
 *   <li>{@link #endAll} ends the started calls, in order, when the finish arrives.
 * </ul>
 *
 * <p>Not thread-safe; one per stream.
 */
final class OpenAiChatCodecToolCalls {
  /** One call by the host's index. {@code index} is -1 until it starts. */
  private static final class Call {
    String id;
    String name;
    final StringBuilder early = new StringBuilder(); // arguments before the name
    int index = -1;
  }

  private final Map<Integer, Call> byHostIndex = new LinkedHashMap<>();
  private int started;
  private Integer lastHostIndex;
  private int nextUnindexed = -1; // keys for calls a host sent without an index: never a real index

  /** Whether any call started. */
  boolean any() {
    return started > 0;
  }

  void onDelta(JsonNode toolCalls, Consumer<StreamEvent> out) {
    if (toolCalls == null || !toolCalls.isArray()) {
      return;
    }
    for (JsonNode delta : toolCalls) {
      if (delta.isObject()) {
        onCallDelta(delta, out);
      }
    }
  }

  private void onCallDelta(JsonNode delta, Consumer<StreamEvent> out) {
    String id = text(delta, "id");
    JsonNode index = delta.get("index");
    int hostIndex = index != null && index.canConvertToInt() ? index.intValue()
        : id != null || lastHostIndex == null ? nextUnindexed-- : lastHostIndex;
    lastHostIndex = hostIndex;
    Call call = byHostIndex.computeIfAbsent(hostIndex, k -> new Call());
    JsonNode function = delta.get("function");
    String name = text(function, "name");
    String arguments = text(function, "arguments");
    if (call.index >= 0) {
      if (arguments != null && !arguments.isEmpty()) {
        out.accept(new StreamEvent.ToolCallDelta(call.index, arguments));
      }
      return;
    }
    if (id != null) {
      call.id = id;
    }
    if (name != null && !name.isEmpty()) {
      call.name = name;
    }
    if (arguments != null) {
      call.early.append(arguments);
    }
    if (call.name != null) {
      call.index = started++;
      out.accept(new StreamEvent.ToolCallStart(call.index, call.id != null ? call.id : "call_" + call.index,
          call.name));
      if (!call.early.isEmpty()) {
        out.accept(new StreamEvent.ToolCallDelta(call.index, call.early.toString()));
      }
    }
  }

  /** Ends every started call, in the order they started. */
  void endAll(Consumer<StreamEvent> out) {
    for (int i = 0; i < started; i++) {
      out.accept(new StreamEvent.ToolCallEnd(i));
    }
  }
}
