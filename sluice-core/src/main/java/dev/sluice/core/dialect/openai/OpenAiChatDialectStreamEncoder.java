package dev.sluice.core.dialect.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sluice.core.canonical.DialectStreamEncoder;
import dev.sluice.core.canonical.StreamEvent;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.model.Usage;
import dev.sluice.core.stream.SseWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Canonical events → OpenAI {@code chat.completion.chunk}s, shaped like
 * {@code wire/openai/chat-completion-stream-*.sse}: data-only events, every chunk with the same {@code id},
 * {@code object}, {@code created} and {@code model} (the caller's name for it).
 *
 * <ul>
 *   <li>The first chunk says {@code role: assistant}. It waits for the first content, because its
 *       {@code content} is {@code ""} before text and {@code null} when a tool call comes first (the call then
 *       rides in the same chunk, as OpenAI does).
 *   <li>Text → {@code content} deltas; reasoning text → {@code reasoning_content} deltas (signatures and
 *       redacted reasoning have no OpenAI field and are dropped).
 *   <li>A tool call starts with {@code index, id, type, function {name, arguments ""}}, then argument
 *       fragments by {@code index} (the canonical index: both count calls from 0 in order of their start).
 *   <li>Finish → a chunk with an empty delta and {@code finish_reason}.
 *   <li>When the caller asked for usage ({@code stream_options.include_usage}), every chunk carries
 *       {@code "usage": null} and, at {@link StreamEvent.End}, one last chunk with {@code choices: []} and the
 *       last reported usage (left out when the provider reported none); then {@code data: [DONE]}.
 *   <li>An error → {@code data: {"error": {...}}} ({@link OpenAiErrorBodies}), after which only silence: no
 *       {@code [DONE]}, which would tell the caller the answer is whole.
 * </ul>
 *
 * <p>One per stream; not thread-safe.
 */
final class OpenAiChatDialectStreamEncoder implements DialectStreamEncoder {
  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);

  private final String model;
  private final long created;
  private final boolean includeUsage;
  private String id;
  private boolean roleSent;
  private boolean sawToolCall;
  private boolean finishSent;
  private boolean closed; // after [DONE] or an error
  private Usage usage;

  OpenAiChatDialectStreamEncoder(String model, long createdEpochSeconds, boolean includeUsage) {
    this.model = model;
    this.created = createdEpochSeconds;
    this.includeUsage = includeUsage;
  }

  @Override
  public byte[] encode(StreamEvent event) {
    if (closed) {
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    switch (event) {
      case StreamEvent.Start s -> {
        if (id == null) {
          id = OpenAiCanonicalAnswers.completionId(s.id());
        }
      }
      case StreamEvent.TextDelta t -> {
        if (!t.text().isEmpty()) {
          roleChunk(out);
          chunk(out, g -> g.writeStringField("content", t.text()), null);
        }
      }
      case StreamEvent.ReasoningDelta r -> {
        if (r.text() != null && !r.text().isEmpty()) {
          roleChunk(out);
          chunk(out, g -> g.writeStringField("reasoning_content", r.text()), null);
        }
      }
      case StreamEvent.ToolCallStart s -> onToolCallStart(out, s);
      case StreamEvent.ToolCallDelta d -> {
        if (!d.argumentsFragment().isEmpty()) {
          chunk(out, g -> writeToolCall(g, d.index(), null, null, d.argumentsFragment()), null);
        }
      }
      case StreamEvent.ToolCallEnd e -> { }
      case StreamEvent.Finish f -> finish(out, OpenAiCanonicalAnswers.finishReason(f.reason(), sawToolCall));
      case StreamEvent.UsageReport u -> usage = u.usage();
      case StreamEvent.Error e -> {
        closed = true;
        String message = e.message() != null ? e.message() : "The provider reported an error" + (e.type() == null
            ? "." : ": " + e.type() + ".");
        return OpenAiErrorBodies.midStreamEvent(OpenAiCanonicalAnswers.errorKind(e.type()), message, null, null);
      }
      case StreamEvent.End e -> end(out);
    }
    return out.size() == 0 ? null : out.toByteArray();
  }

  @Override
  public byte[] error(GatewayException error) {
    closed = true;
    return OpenAiErrorBodies.midStreamEvent(error);
  }

  private void onToolCallStart(ByteArrayOutputStream out, StreamEvent.ToolCallStart s) {
    sawToolCall = true;
    if (roleSent) {
      chunk(out, g -> writeToolCall(g, s.index(), s.id(), s.name(), ""), null);
      return;
    }
    roleSent = true;
    chunk(out, g -> {
      g.writeStringField("role", "assistant");
      g.writeNullField("content");
      writeToolCall(g, s.index(), s.id(), s.name(), "");
      g.writeNullField("refusal");
    }, null);
  }

  private void finish(ByteArrayOutputStream out, String reason) {
    if (finishSent) {
      return;
    }
    roleChunk(out);
    finishSent = true;
    chunk(out, g -> { }, reason);
  }

  /** The usage chunk when asked for, then {@code [DONE]}; a finish first if the provider never sent one. */
  private void end(ByteArrayOutputStream out) {
    finish(out, sawToolCall ? "tool_calls" : "stop");
    if (includeUsage && usage != null) {
      writeChunk(out, g -> {
        g.writeArrayFieldStart("choices");
        g.writeEndArray();
        OpenAiCanonicalAnswers.writeUsage(g, usage);
      });
    }
    out.writeBytes(SseWriter.DONE);
    closed = true;
  }

  /** {@code {"role": "assistant", "content": "", "refusal": null}} before the first content, once. */
  private void roleChunk(ByteArrayOutputStream out) {
    if (roleSent) {
      return;
    }
    roleSent = true;
    chunk(out, g -> {
      g.writeStringField("role", "assistant");
      g.writeStringField("content", "");
      g.writeNullField("refusal");
    }, null);
  }

  private static void writeToolCall(JsonGenerator g, int index, String callId, String name, String arguments)
      throws IOException {
    g.writeArrayFieldStart("tool_calls");
    g.writeStartObject();
    g.writeNumberField("index", index);
    if (callId != null) {
      g.writeStringField("id", callId);
      g.writeStringField("type", "function");
    }
    g.writeObjectFieldStart("function");
    if (name != null) {
      g.writeStringField("name", name);
    }
    g.writeStringField("arguments", arguments);
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndArray();
  }

  /** One chunk with one choice: {@code delta} written by {@code delta}, and {@code finish_reason}. */
  private void chunk(ByteArrayOutputStream out, OpenAiCanonicalAnswers.Body delta, String finishReason) {
    writeChunk(out, g -> {
      g.writeArrayFieldStart("choices");
      g.writeStartObject();
      g.writeNumberField("index", 0);
      g.writeObjectFieldStart("delta");
      delta.write(g);
      g.writeEndObject();
      g.writeNullField("logprobs");
      g.writeStringField("finish_reason", finishReason);
      g.writeEndObject();
      g.writeEndArray();
      if (includeUsage) {
        g.writeNullField("usage");
      }
    });
  }

  /** {@code data: {"id", "object", "created", "model", <choices and usage>}\n\n}. */
  private void writeChunk(ByteArrayOutputStream out, OpenAiCanonicalAnswers.Body rest) {
    if (id == null) {
      id = OpenAiCanonicalAnswers.randomId(); // no Start from the provider: still one id for the whole stream
    }
    out.writeBytes(DATA);
    OpenAiCanonicalAnswers.write(out, g -> {
      g.writeStartObject();
      g.writeStringField("id", id);
      g.writeStringField("object", "chat.completion.chunk");
      g.writeNumberField("created", created);
      g.writeStringField("model", model);
      rest.write(g);
      g.writeEndObject();
    });
    out.write('\n');
    out.write('\n');
  }
}
