package dev.sluice.core.dialect.anthropic;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.canonical.DialectStreamEncoder;
import dev.sluice.core.canonical.FinishReason;
import dev.sluice.core.canonical.StreamEvent;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.model.Usage;
import dev.sluice.core.provider.anthropic.AnthropicBlocks;
import dev.sluice.core.provider.anthropic.AnthropicErrors;
import dev.sluice.core.provider.anthropic.AnthropicStopReasons;
import dev.sluice.core.provider.anthropic.AnthropicUsage;
import dev.sluice.core.stream.SseEvent;
import dev.sluice.core.stream.SseWriter;
import java.io.ByteArrayOutputStream;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Canonical events to an Anthropic Messages stream with the grammar of {@code wire/anthropic/stream-*.sse}:
 * {@code message_start}, one {@code ping}, content blocks ({@code content_block_start}, deltas,
 * {@code content_block_stop}) with indices counting from 0, one at a time, {@code message_delta},
 * {@code message_stop}. Every event has an {@code event:} line equal to its data's {@code type} (the SDKs drop
 * events without one). One per stream; not thread-safe.
 *
 * <ul>
 *   <li>{@code message_start} is held from Start until the provider's first usage report or the first
 *       content, whichever comes first: Anthropic reports input usage right after Start, so its callers see
 *       the provider's input count; providers that report usage only at the end (OpenAI) get our estimate.
 *   <li>The answer's text opens a text block, reasoning a thinking block (a signature ends it), a tool call a
 *       {@code tool_use} block with {@code input: {}} and its arguments as {@code input_json_delta}s. A new
 *       kind of content closes the open block. Calls are assumed to stream one after another, as every
 *       provider here sends them: a fragment for a call whose block was closed by a later one is dropped.
 *   <li>Finish is held until the usage after it (or End) arrives, so {@code message_delta} carries the
 *       final counts: OpenAI-style streams report usage in a chunk after the finish reason.
 * </ul>
 */
final class AnthropicStreamEncoder implements DialectStreamEncoder {
  /** Anthropic's error types (docs "Errors"); a provider's other words are sent as {@code api_error}. */
  private static final Set<String> ERROR_TYPES = Set.of("invalid_request_error", "authentication_error",
      "billing_error", "permission_error", "not_found_error", "request_too_large", "rate_limit_error", "api_error",
      "timeout_error", "overloaded_error");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private enum Kind { TEXT, THINKING, TOOL, REDACTED }

  private final String model;
  private final long estimatedInputTokens;
  private final Supplier<String> fallbackId;

  private String providerId;
  private Usage usage = Usage.NONE;
  private boolean started;
  private boolean done;
  private StreamEvent.Finish finish;
  private boolean messageDeltaSent;

  private int nextIndex;
  private Kind open; // null when no block is open
  private int openToolIndex = -1;
  private boolean openSigned;

  private ByteArrayOutputStream out;

  AnthropicStreamEncoder(String model, long estimatedInputTokens, Supplier<String> fallbackId) {
    this.model = model;
    this.estimatedInputTokens = estimatedInputTokens;
    this.fallbackId = fallbackId;
  }

  @Override
  public byte[] encode(StreamEvent event) {
    if (done) {
      return null;
    }
    out = new ByteArrayOutputStream();
    switch (event) {
      case StreamEvent.Start s -> providerId = s.id();
      case StreamEvent.TextDelta t -> onText(t.text());
      case StreamEvent.ReasoningDelta r -> onReasoning(r);
      case StreamEvent.ToolCallStart s -> onToolStart(s);
      case StreamEvent.ToolCallDelta d -> onToolDelta(d);
      case StreamEvent.ToolCallEnd e -> onToolEnd(e.index());
      case StreamEvent.Finish f -> onFinish(f);
      case StreamEvent.UsageReport u -> onUsage(u.usage());
      case StreamEvent.Error e -> writeError(e.type(), e.message());
      case StreamEvent.End e -> onEnd();
    }
    return out.size() == 0 ? null : out.toByteArray();
  }

  @Override
  public byte[] error(GatewayException error) {
    done = true;
    return event("error", AnthropicErrors.body(error.kind().anthropicType(), error.getMessage()));
  }

  private void onText(String text) {
    if (text == null || text.isEmpty() || finish != null) {
      return;
    }
    if (open != Kind.TEXT) {
      openBlock(Kind.TEXT, NODES.objectNode().put("type", "text").put("text", ""));
    }
    delta(NODES.objectNode().put("type", "text_delta").put("text", text));
  }

  private void onReasoning(StreamEvent.ReasoningDelta r) {
    if (finish != null) {
      return;
    }
    if (r.redacted() != null) {
      openBlock(Kind.REDACTED, NODES.objectNode().put("type", "redacted_thinking").put("data", r.redacted()));
      closeBlock(); // sent whole in its start event, as Anthropic does
    }
    if (r.text() != null && !r.text().isEmpty()) {
      openThinkingIfNeeded();
      delta(NODES.objectNode().put("type", "thinking_delta").put("thinking", r.text()));
    }
    if (r.signature() != null && !r.signature().isEmpty()) {
      openThinkingIfNeeded();
      delta(NODES.objectNode().put("type", "signature_delta").put("signature", r.signature()));
      openSigned = true;
    }
  }

  private void openThinkingIfNeeded() {
    if (open != Kind.THINKING || openSigned) {
      openBlock(Kind.THINKING, NODES.objectNode().put("type", "thinking").put("thinking", "").put("signature", ""));
    }
  }

  private void onToolStart(StreamEvent.ToolCallStart s) {
    if (finish != null) {
      return;
    }
    String id = s.id() == null || s.id().isEmpty() ? "toolu_" + s.index() : AnthropicBlocks.toolUseId(s.id());
    ObjectNode block = NODES.objectNode().put("type", "tool_use").put("id", id)
        .put("name", s.name() == null ? "" : s.name());
    block.putObject("input");
    openBlock(Kind.TOOL, block);
    openToolIndex = s.index();
  }

  private void onToolDelta(StreamEvent.ToolCallDelta d) {
    String fragment = d.argumentsFragment();
    if (open == Kind.TOOL && openToolIndex == d.index() && fragment != null && !fragment.isEmpty()) {
      delta(NODES.objectNode().put("type", "input_json_delta").put("partial_json", fragment));
    }
  }

  private void onToolEnd(int index) {
    if (open == Kind.TOOL && openToolIndex == index) {
      closeBlock();
    }
  }

  private void onFinish(StreamEvent.Finish f) {
    if (finish != null) {
      return;
    }
    ensureStarted();
    closeBlock();
    finish = f;
  }

  private void onUsage(Usage reported) {
    usage = reported;
    ensureStarted();
    if (finish != null && !messageDeltaSent) {
      writeMessageDelta();
    }
  }

  private void onEnd() {
    ensureStarted();
    closeBlock();
    if (!messageDeltaSent) {
      if (finish == null) {
        finish = new StreamEvent.Finish(FinishReason.STOP, null); // the provider ended without saying why
      }
      writeMessageDelta();
    }
    write("message_stop", NODES.objectNode().put("type", "message_stop"));
    done = true;
  }

  private void writeError(String type, String message) {
    String anthropicType = type != null && ERROR_TYPES.contains(type) ? type : "api_error";
    out.writeBytes(event("error", AnthropicErrors.body(anthropicType, message)));
    done = true;
  }

  private void ensureStarted() {
    if (started) {
      return;
    }
    started = true;
    ObjectNode message = NODES.objectNode()
        .put("id", AnthropicResponseEncoder.messageId(providerId, fallbackId))
        .put("type", "message")
        .put("role", "assistant")
        .put("model", model);
    message.putArray("content");
    message.putNull("stop_reason");
    message.putNull("stop_sequence");
    ObjectNode startUsage = message.putObject("usage");
    if (usage.isKnown()) {
      AnthropicUsage.toWire(usage, startUsage);
      startUsage.put("output_tokens", Math.min(1, usage.outputTokens()));
    } else {
      startUsage.put("input_tokens", estimatedInputTokens).put("cache_creation_input_tokens", 0)
          .put("cache_read_input_tokens", 0).put("output_tokens", 0);
    }
    ObjectNode data = NODES.objectNode().put("type", "message_start");
    data.set("message", message);
    write("message_start", data);
    write("ping", NODES.objectNode().put("type", "ping"));
  }

  /** Closes the open block, if any, and opens one of {@code kind} at the next index. */
  private void openBlock(Kind kind, ObjectNode contentBlock) {
    ensureStarted();
    closeBlock();
    ObjectNode data = NODES.objectNode().put("type", "content_block_start").put("index", nextIndex);
    data.set("content_block", contentBlock);
    write("content_block_start", data);
    open = kind;
    openSigned = false;
    openToolIndex = -1;
  }

  private void delta(ObjectNode delta) {
    ObjectNode data = NODES.objectNode().put("type", "content_block_delta").put("index", nextIndex);
    data.set("delta", delta);
    write("content_block_delta", data);
  }

  private void closeBlock() {
    if (open == null) {
      return;
    }
    write("content_block_stop", NODES.objectNode().put("type", "content_block_stop").put("index", nextIndex));
    open = null;
    nextIndex++;
  }

  private void writeMessageDelta() {
    messageDeltaSent = true;
    ObjectNode data = NODES.objectNode().put("type", "message_delta");
    data.putObject("delta")
        .put("stop_reason", AnthropicStopReasons.toStopReason(finish.reason()))
        .put("stop_sequence", finish.stopSequence());
    ObjectNode deltaUsage = data.putObject("usage");
    if (usage.isKnown()) {
      AnthropicUsage.toWire(usage, deltaUsage);
    } else {
      deltaUsage.put("output_tokens", 0);
    }
    write("message_delta", data);
  }

  private void write(String name, ObjectNode data) {
    out.writeBytes(event(name, data));
  }

  private static byte[] event(String name, ObjectNode data) {
    return SseWriter.encode(new SseEvent(name, AnthropicClientJson.write(data), null));
  }
}
