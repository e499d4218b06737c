package dev.sluice.core.dialect.responses;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.DialectStreamEncoder;
import dev.sluice.core.canonical.FinishReason;
import dev.sluice.core.canonical.StreamEvent;
import dev.sluice.core.error.ErrorKind;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.model.Usage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Canonical stream events to the Responses API's named SSE events
 * ({@code wire/openai/responses-stream-text.sse}), written by {@link StreamEventWriter}: no {@code [DONE]}.
 *
 * <p>{@code response.created} and {@code response.in_progress} open the stream. Text streams as a message
 * item ({@code output_item.added}, {@code content_part.added}, {@code output_text.delta}s, then
 * {@code output_text.done}, {@code content_part.done}, {@code output_item.done}); reasoning as a reasoning
 * item with one summary part ({@code reasoning_summary_part.added}, {@code reasoning_summary_text.delta}s,
 * ...), its signature kept for {@code encrypted_content}; each tool call as a function call item
 * ({@code function_call_arguments.delta}s and {@code .done}). A new item closes the open message or
 * reasoning item first, as OpenAI streams one item at a time. {@code Finish} closes every item; the
 * terminal event waits for {@code End}, because usage may come after the finish. It is
 * {@code response.completed}; or {@code response.incomplete} when the output limit or a content filter cut
 * the answer (what OpenAI sends, with {@code incomplete_details}); or {@code response.failed} for an error
 * finish.
 *
 * <p>An in-band failure (a canonical {@code Error}, or {@link #error}) writes OpenAI's documented
 * {@code error} event ({@code {type: "error", code, message, param, sequence_number}}) and then
 * {@code response.failed}, whose response carries {@code error} and the output so far, unfinished items
 * marked {@code incomplete}. Both, because clients differ: openai-node's stream throws on an
 * {@code event: error} ({@code core/streaming.ts}), while clients that key on the response's lifecycle
 * (openai-python yields the error event as a typed item and throws only on a top-level {@code error} key;
 * LangChain and agent loops wait for {@code response.completed | incomplete | failed}) would otherwise see
 * a 200 stream end with no terminal event and take the truncated output for the answer. Nothing is written
 * after a terminal event.
 *
 * <p>A little over 300 lines: one state machine whose open items are shared by every step; the event
 * framing ({@link StreamEventWriter}) and the item state ({@link StreamItem}) already live apart.
 *
 * <p>One instance per stream; not thread-safe.
 */
final class ResponsesStreamEncoder implements DialectStreamEncoder {
  @FunctionalInterface
  private interface Step {
    void run();
  }

  private final ChatRequest request;
  private final ResponseIds ids;
  private final String responseId;
  private final long createdAt;
  private final StreamEventWriter events = new StreamEventWriter();
  private final List<StreamItem> output = new ArrayList<>(); // by output_index
  private final Map<Integer, StreamItem> openCalls = new HashMap<>(); // canonical call index -> its item
  private StreamItem openMessage;
  private StreamItem openReasoning;
  private boolean started;
  private boolean ended;
  private FinishReason finishReason;
  private Usage usage;

  ResponsesStreamEncoder(ChatRequest request, ResponseIds ids, long createdAt) {
    this.request = request;
    this.ids = ids;
    this.responseId = ids.response();
    this.createdAt = createdAt;
  }

  @Override
  public byte[] encode(StreamEvent event) {
    return run(() -> {
      switch (event) {
        case StreamEvent.Start s -> { } // the opening events come before any event
        case StreamEvent.TextDelta d -> onText(d.text());
        case StreamEvent.ReasoningDelta d -> onReasoning(d);
        case StreamEvent.ToolCallStart s -> onCallStart(s);
        case StreamEvent.ToolCallDelta d -> onCallDelta(d);
        case StreamEvent.ToolCallEnd e -> onCallEnd(e.index());
        case StreamEvent.Finish f -> {
          finishReason = f.reason();
          closeAll();
        }
        case StreamEvent.UsageReport u -> usage = u.usage();
        case StreamEvent.Error e -> fail(e.type(), e.message() == null ? "The provider reported an error." : e.message(),
            /* param= */ null, "server_error");
        case StreamEvent.End e -> complete();
      }
    });
  }

  /**
   * {@code error.code} is the exception's code, else its OpenAI type; the failed response's {@code error.code}
   * is one of OpenAI's documented values ({@code rate_limit_exceeded}, else {@code server_error}).
   */
  @Override
  public byte[] error(GatewayException error) {
    String code = error.code() != null ? error.code() : error.kind().openAiType();
    String responseCode = error.kind() == ErrorKind.RATE_LIMITED ? "rate_limit_exceeded" : "server_error";
    String message = error.getMessage() == null ? "" : error.getMessage();
    return run(() -> fail(code, message, error.param(), responseCode));
  }

  private byte[] run(Step step) {
    if (ended) {
      return null;
    }
    if (!started) {
      started = true;
      ResponseSnapshot first = ResponseSnapshot.inProgress(responseId, createdAt);
      events.emit("response.created", g -> writeResponse(g, first));
      events.emit("response.in_progress", g -> writeResponse(g, first));
    }
    step.run();
    return events.drain();
  }

  private void onText(String text) {
    if (text == null || text.isEmpty()) {
      return;
    }
    if (openMessage == null) {
      closeReasoning();
      StreamItem m = open(StreamItem.Kind.MESSAGE, ids.message());
      openMessage = m;
      events.emit("response.output_item.added", g -> {
        g.writeNumberField("output_index", m.outputIndex);
        g.writeFieldName("item");
        new OutputItem.Message(m.id, OutputItem.IN_PROGRESS, null).write(g);
      });
      events.emit("response.content_part.added", g -> {
        m.writeTextPosition(g);
        g.writeFieldName("part");
        OutputItem.Message.writeOutputText(g, "");
      });
    }
    StreamItem m = openMessage;
    m.text.append(text);
    events.emit("response.output_text.delta", g -> {
      m.writeTextPosition(g);
      g.writeStringField("delta", text);
      g.writeArrayFieldStart("logprobs");
      g.writeEndArray();
    });
  }

  private void onReasoning(StreamEvent.ReasoningDelta d) {
    if (openReasoning == null) {
      closeMessage();
      StreamItem r = open(StreamItem.Kind.REASONING, ids.reasoning());
      openReasoning = r;
      events.emit("response.output_item.added", g -> {
        g.writeNumberField("output_index", r.outputIndex);
        g.writeFieldName("item");
        new OutputItem.Reasoning(r.id, OutputItem.IN_PROGRESS, null, null).write(g);
      });
    }
    StreamItem r = openReasoning;
    if (d.text() != null && !d.text().isEmpty()) {
      if (!r.summaryOpen) {
        r.summaryOpen = true;
        events.emit("response.reasoning_summary_part.added", g -> {
          r.writeSummaryPosition(g);
          g.writeFieldName("part");
          OutputItem.Reasoning.writeSummaryText(g, "");
        });
      }
      r.text.append(d.text());
      events.emit("response.reasoning_summary_text.delta", g -> {
        r.writeSummaryPosition(g);
        g.writeStringField("delta", d.text());
      });
    }
    if (d.signature() != null) {
      r.signature = (r.signature == null ? new StringBuilder() : r.signature).append(d.signature());
    }
    if (d.redacted() != null) {
      r.redacted = (r.redacted == null ? new StringBuilder() : r.redacted).append(d.redacted());
    }
  }

  private void onCallStart(StreamEvent.ToolCallStart s) {
    if (openCalls.containsKey(s.index())) {
      return; // a repeated start adds nothing
    }
    closeMessage();
    closeReasoning();
    StreamItem c = open(StreamItem.Kind.FUNCTION_CALL, ids.functionCall());
    c.callId = s.id() != null ? s.id() : "call_" + c.id.substring("fc_".length());
    c.name = s.name() != null ? s.name() : "";
    openCalls.put(s.index(), c);
    events.emit("response.output_item.added", g -> {
      g.writeNumberField("output_index", c.outputIndex);
      g.writeFieldName("item");
      new OutputItem.FunctionCall(c.id, OutputItem.IN_PROGRESS, "", c.callId, c.name).write(g);
    });
  }

  private void onCallDelta(StreamEvent.ToolCallDelta d) {
    StreamItem c = openCalls.get(d.index());
    if (c != null && d.argumentsFragment() != null && !d.argumentsFragment().isEmpty()) {
      argumentsDelta(c, d.argumentsFragment());
    }
  }

  private void onCallEnd(int index) {
    StreamItem c = openCalls.remove(index);
    if (c != null) {
      closeCall(c);
    }
  }

  private void argumentsDelta(StreamItem c, String fragment) {
    c.text.append(fragment);
    events.emit("response.function_call_arguments.delta", g -> {
      c.writeItemPosition(g);
      g.writeStringField("delta", fragment);
    });
  }

  private void closeCall(StreamItem c) {
    if (c.text.isEmpty()) {
      argumentsDelta(c, "{}"); // none streamed: the canonical call's arguments are {}, and deltas must add up
    }
    c.done = true;
    events.emit("response.function_call_arguments.done", g -> {
      c.writeItemPosition(g);
      g.writeStringField("arguments", c.text.toString());
      g.writeStringField("name", c.name);
    });
    itemDone(c);
  }

  private void closeMessage() {
    StreamItem m = openMessage;
    if (m == null) {
      return;
    }
    openMessage = null;
    m.done = true;
    String text = m.text.toString();
    events.emit("response.output_text.done", g -> {
      m.writeTextPosition(g);
      g.writeStringField("text", text);
      g.writeArrayFieldStart("logprobs");
      g.writeEndArray();
    });
    events.emit("response.content_part.done", g -> {
      m.writeTextPosition(g);
      g.writeFieldName("part");
      OutputItem.Message.writeOutputText(g, text);
    });
    itemDone(m);
  }

  private void closeReasoning() {
    StreamItem r = openReasoning;
    if (r == null) {
      return;
    }
    openReasoning = null;
    r.done = true;
    if (r.summaryOpen) {
      String text = r.text.toString();
      events.emit("response.reasoning_summary_text.done", g -> {
        r.writeSummaryPosition(g);
        g.writeStringField("text", text);
      });
      events.emit("response.reasoning_summary_part.done", g -> {
        r.writeSummaryPosition(g);
        g.writeFieldName("part");
        OutputItem.Reasoning.writeSummaryText(g, text);
      });
    }
    itemDone(r);
  }

  private void closeAll() {
    closeMessage();
    closeReasoning();
    List<StreamItem> calls = new ArrayList<>(openCalls.values());
    calls.sort(Comparator.comparingInt(c -> c.outputIndex));
    openCalls.clear();
    calls.forEach(this::closeCall);
  }

  private void complete() {
    closeAll();
    ResponseSnapshot last = ResponseSnapshot.finished(responseId, createdAt, finishReason, items(), usage);
    events.emit(last.terminalEvent(), g -> writeResponse(g, last));
    ended = true;
  }

  private void fail(String code, String message, String param, String responseCode) {
    events.emitError(code, message, param);
    ResponseSnapshot failed = ResponseSnapshot.failed(responseId, createdAt, responseCode, message, items(), usage);
    events.emit("response.failed", g -> writeResponse(g, failed));
    ended = true;
  }

  private List<OutputItem> items() {
    List<OutputItem> items = new ArrayList<>(output.size());
    for (StreamItem s : output) {
      items.add(s.snapshot(s.done ? OutputItem.COMPLETED : OutputItem.INCOMPLETE));
    }
    return items;
  }

  private StreamItem open(StreamItem.Kind kind, String id) {
    StreamItem s = new StreamItem(kind, output.size(), id);
    output.add(s);
    return s;
  }

  private void itemDone(StreamItem s) {
    events.emit("response.output_item.done", g -> {
      g.writeNumberField("output_index", s.outputIndex);
      g.writeFieldName("item");
      s.snapshot(OutputItem.COMPLETED).write(g);
    });
  }

  private void writeResponse(JsonGenerator g, ResponseSnapshot snapshot) throws IOException {
    g.writeFieldName("response");
    ResponseObjectWriter.write(g, snapshot, request);
  }
}
