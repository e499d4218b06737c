package dev.sluice.core.stream;

import java.util.Objects;

/**
 * One dispatched server-sent event, as the WHATWG "event stream interpretation" defines it.
 *
 * @param event the {@code event:} field, or {@code null} when the event had none (a plain "message")
 * @param data the {@code data:} lines joined with {@code \n}; never {@code null}, may be empty
 * @param id the last event id seen on the stream so far (ids persist across events per the spec), or {@code null}
 */
public record SseEvent(String event, String data, String id) {
  public SseEvent {
    Objects.requireNonNull(data, "data");
  }

  /** A data-only event, the only kind OpenAI-style streams send. */
  public static SseEvent ofData(String data) {
    return new SseEvent(/* event= */ null, data, /* id= */ null);
  }
}
