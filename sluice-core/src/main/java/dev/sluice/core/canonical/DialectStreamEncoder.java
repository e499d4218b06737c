package dev.sluice.core.canonical;

import dev.sluice.core.error.GatewayException;

/**
 * Turns canonical {@link StreamEvent}s into the caller's stream bytes (SSE in the caller's dialect). One per
 * stream; not thread-safe.
 */
public interface DialectStreamEncoder {
  /** The bytes for this event (one or more whole SSE events), or null when it produces nothing yet. */
  byte[] encode(StreamEvent event);

  /** The dialect's in-band error event, for a failure after the stream started. */
  byte[] error(GatewayException error);
}
