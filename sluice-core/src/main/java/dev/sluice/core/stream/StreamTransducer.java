package dev.sluice.core.stream;

import dev.sluice.core.model.Usage;
import java.util.function.Consumer;

/**
 * One upstream stream seen by the gateway: upstream bytes in, the caller's bytes out, and what the gateway
 * must learn on the way (usage, whether an answer started, errors, a proper end). Passthrough and
 * translation are two implementations; the relay that owns the sockets knows neither.
 *
 * <p>{@code step} runs after every upstream event, with the bytes the caller gets for it, or null when the
 * event produces nothing for the caller (usage held back, a ping, an error to be judged first). The relay
 * checks {@link #failed()} and {@link #started()} after each step. One instance per stream; not thread-safe.
 */
public interface StreamTransducer {
  void feed(byte[] bytes, int offset, int length, Consumer<byte[]> step);

  /** The upstream body ended. */
  void endOfInput(Consumer<byte[]> step);

  /** True when an upstream event outgrew the framing's bound (the attempt fails). */
  boolean overflowed();

  /** The last usage seen ({@link Usage#NONE} until the provider reports it). */
  Usage usage();

  /** True once the provider reported an in-band error. */
  boolean failed();

  /** The provider's in-band error message, or null. */
  String errorMessage();

  /** True once the answer started (content, or a finish): from here on the stream is the caller's. */
  boolean started();

  /** True once the provider ended the stream properly. */
  boolean done();

  /** How many upstream events carried content (text, tool-call, reasoning deltas). */
  long contentEvents();
}
