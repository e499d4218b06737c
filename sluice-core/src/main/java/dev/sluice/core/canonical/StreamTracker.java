package dev.sluice.core.canonical;

import dev.sluice.core.model.Usage;

/** What the gateway learns from a canonical stream, whatever protocol it came in. Not thread-safe. */
public final class StreamTracker {
  private Usage usage = Usage.NONE;
  private boolean failed;
  private String errorMessage;
  private boolean finished;
  private boolean done;
  private long contentEvents;

  public void observe(StreamEvent event) {
    switch (event) {
      case StreamEvent.TextDelta t -> {
        if (!t.text().isEmpty()) {
          contentEvents++;
        }
      }
      case StreamEvent.ReasoningDelta r -> contentEvents++;
      case StreamEvent.ToolCallStart s -> contentEvents++;
      case StreamEvent.ToolCallDelta d -> contentEvents++;
      case StreamEvent.Finish f -> finished = true;
      case StreamEvent.UsageReport u -> usage = u.usage();
      case StreamEvent.Error e -> {
        failed = true;
        errorMessage = e.message() == null ? e.type() : e.message();
      }
      case StreamEvent.End e -> done = !failed;
      case StreamEvent.Start s -> { }
      case StreamEvent.ToolCallEnd e -> { }
    }
  }

  public Usage usage() {
    return usage;
  }

  public boolean failed() {
    return failed;
  }

  public String errorMessage() {
    return errorMessage;
  }

  public boolean started() {
    return contentEvents > 0 || finished;
  }

  public boolean done() {
    return done;
  }

  public long contentEvents() {
    return contentEvents;
  }
}
