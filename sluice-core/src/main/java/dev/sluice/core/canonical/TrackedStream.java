package dev.sluice.core.canonical;

import dev.sluice.core.model.Usage;
import dev.sluice.core.stream.StreamTransducer;

/**
 * The part every stream transducer built on canonical events shares: what the gateway learns is whatever
 * its {@link StreamTracker} saw.
 */
abstract class TrackedStream implements StreamTransducer {
  final StreamTracker tracker = new StreamTracker();

  @Override
  public Usage usage() {
    return tracker.usage();
  }

  @Override
  public boolean failed() {
    return tracker.failed();
  }

  @Override
  public String errorMessage() {
    return tracker.errorMessage();
  }

  @Override
  public boolean started() {
    return tracker.started();
  }

  @Override
  public boolean done() {
    return tracker.done();
  }

  @Override
  public long contentEvents() {
    return tracker.contentEvents();
  }
}
