package dev.sluice.server.proxy;

import dev.sluice.core.usage.AttemptRecord;

/**
 * Where attempt records go. Called on the event loop once per upstream attempt; implementations must not
 * block (the access log hands lines to an asynchronous appender; the usage ledger appends to its journal).
 */
public interface AttemptRecorder {
  void record(AttemptRecord record);
}
