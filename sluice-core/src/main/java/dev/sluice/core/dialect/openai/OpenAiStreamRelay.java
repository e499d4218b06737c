package dev.sluice.core.dialect.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.model.Usage;
import dev.sluice.core.stream.SseEvent;
import dev.sluice.core.stream.SseWriter;

/**
 * The passthrough's per-stream transducer for OpenAI-style chat streams: decides what of each upstream
 * event reaches the client, and notes what the gateway must learn on the way (usage, finish reason, errors,
 * whether content has started).
 *
 * <p>The gateway always asks the provider for usage ({@link OpenAiChatRequest#toUpstreamBody} forces
 * {@code stream_options.include_usage}), so the client must not see it unless it asked:
 * <ul>
 *   <li>{@code [DONE]}: remembered, forwarded as {@link SseWriter#DONE}.
 *   <li>A chunk whose {@code usage} is an object: usage captured. If the client asked for it, forwarded as
 *       is. If not: dropped when its {@code choices} is empty (OpenAI's usage-only last chunk), else
 *       forwarded with {@code usage} removed.
 *   <li>{@code "usage":null} on ordinary chunks is forwarded as is even to a client that did not ask: OpenAI
 *       adds it to every chunk once usage is on, and clients ignore a null (removing it would mean parsing
 *       and re-writing every chunk).
 *   <li>An event whose data is {@code {"error":...}} (first member): {@link #failed()} with its message;
 *       forwarded, so the client's SDK raises it as OpenAI's would.
 *   <li>An event whose data is not shaped like a JSON object (not {@code {...}}, e.g. half a chunk):
 *       {@link #failed()}, not forwarded (RELIABILITY A5#29: the client's SDK would choke on it). Only the
 *       first and last characters are looked at, so a chunk broken inside still goes through.
 *   <li>Anything else: forwarded unchanged.
 * </ul>
 *
 * <p>Cost: JSON is parsed only for the usage chunk and errors; every other event gets a few substring
 * searches ({@link ChunkScan}) and is re-framed by {@link SseWriter#encode}.
 *
 * <p>One instance per stream; not thread-safe.
 */
public final class OpenAiStreamRelay {
  private final boolean clientWantsUsage;
  private Usage usage = Usage.NONE;
  private boolean done;
  private boolean failed;
  private String errorMessage;
  private String finishReason;
  private long contentEvents;

  /** @param clientWantsUsage the client's own {@code stream_options.include_usage} */
  public OpenAiStreamRelay(boolean clientWantsUsage) {
    this.clientWantsUsage = clientWantsUsage;
  }

  /**
   * Handles one upstream event.
   *
   * @return the SSE bytes to write to the client (the event re-framed, or edited), or {@code null} to write
   *     nothing for this event. The array may be shared ({@link SseWriter#DONE}): do not modify it.
   */
  public byte[] onEvent(SseEvent e) {
    String data = e.data();
    if (isDone(data)) {
      done = true;
      return SseWriter.DONE;
    }
    if (!looksLikeObject(data)) {
      failed = true;
      errorMessage = "The provider sent a stream event that is not a JSON object.";
      return null;
    }
    if (ChunkScan.startsWithKey(data, "\"error\"")) {
      onError(data);
      return SseWriter.encode(e);
    }
    String reason = ChunkScan.lastStringValue(data, "\"finish_reason\"");
    if (reason != null) {
      finishReason = reason;
    }
    if (carriesContent(data)) {
      contentEvents++;
    }
    if (ChunkScan.hasValueStartingWith(data, "\"usage\"", '{')) {
      return onUsage(e);
    }
    return SseWriter.encode(e);
  }

  private byte[] onUsage(SseEvent e) {
    ObjectNode chunk = parseObject(e.data());
    if (chunk == null || !chunk.path("usage").isObject()) {
      return SseWriter.encode(e); // a nested "usage" or not JSON: nothing of ours
    }
    usage = OpenAiUsage.fromUsageNode(chunk.get("usage"));
    if (clientWantsUsage) {
      return SseWriter.encode(e);
    }
    JsonNode choices = chunk.get("choices");
    if (choices == null || choices.isNull() || (choices.isArray() && choices.isEmpty())) {
      return null;
    }
    chunk.remove("usage");
    return SseWriter.encode(new SseEvent(e.event(), write(chunk), e.id()));
  }

  private void onError(String data) {
    ObjectNode body = parseObject(data);
    JsonNode error = body == null ? null : body.get("error");
    if (error == null || error.isNull()) {
      return;
    }
    failed = true;
    if (error.isTextual()) {
      errorMessage = error.asText();
    } else {
      JsonNode message = error.get("message");
      errorMessage = message != null && message.isTextual() ? message.asText() : error.toString();
    }
  }

  /** A delta with something for the user: text, a tool call, a refusal or reasoning. */
  private static boolean carriesContent(String data) {
    return ChunkScan.hasNonEmptyString(data, "\"content\"")
        || ChunkScan.hasNonEmptyArray(data, "\"tool_calls\"")
        || ChunkScan.hasNonEmptyString(data, "\"reasoning_content\"") // DeepSeek, vLLM
        || ChunkScan.hasNonEmptyString(data, "\"reasoning\"") // OpenRouter
        || ChunkScan.hasNonEmptyString(data, "\"refusal\"")
        || ChunkScan.hasValueStartingWith(data, "\"function_call\"", '{'); // legacy functions API
  }

  /**
   * Whether {@code data} starts with {@code {} and ends with {@code }} (whitespace aside), or is blank (an
   * empty {@code data:} line some hosts send as a keep-alive): O(1), no parse on the hot path.
   */
  private static boolean looksLikeObject(String data) {
    int first = 0;
    int last = data.length() - 1;
    while (first <= last && Character.isWhitespace(data.charAt(first))) {
      first++;
    }
    while (last >= first && Character.isWhitespace(data.charAt(last))) {
      last--;
    }
    return first > last || (data.charAt(first) == '{' && data.charAt(last) == '}');
  }

  private static boolean isDone(String data) {
    return data.equals("[DONE]") || (data.length() < 16 && data.strip().equals("[DONE]"));
  }

  private static ObjectNode parseObject(String data) {
    try {
      return OpenAiJson.UPSTREAM.readTree(data) instanceof ObjectNode o ? o : null;
    } catch (JsonProcessingException ex) {
      return null;
    }
  }

  private static String write(ObjectNode node) {
    try {
      return OpenAiJson.UPSTREAM.writeValueAsString(node);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("a tree always serialises", ex);
    }
  }

  /** The last usage seen ({@link Usage#NONE} until the usage chunk arrives). */
  public Usage usage() {
    return usage;
  }

  /** True once {@code [DONE]} arrived: the stream ended normally. */
  public boolean done() {
    return done;
  }

  /** True once the upstream sent an error event. */
  public boolean failed() {
    return failed;
  }

  /** The upstream error's message, or null. */
  public String errorMessage() {
    return errorMessage;
  }

  /** The last non-null {@code finish_reason} seen ({@code stop}, {@code length}, {@code tool_calls}, ...), or null. */
  public String finishReason() {
    return finishReason;
  }

  /** How many events carried content (text, tool call, refusal or reasoning deltas). */
  public long contentEvents() {
    return contentEvents;
  }

  /** True once any content event arrived (time-to-first-token; after it, a retry would duplicate output). */
  public boolean sawFirstContent() {
    return contentEvents > 0;
  }
}
