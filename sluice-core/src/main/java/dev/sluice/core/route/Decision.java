package dev.sluice.core.route;

import java.time.Duration;

/** What to do after a failed attempt. */
public sealed interface Decision {
  /** Try the same deployment again after the delay. */
  record Retry(Duration delay) implements Decision {}

  /** Go to the next deployment in the plan (skipping, after a context-length failure, those no larger). */
  record Fallback() implements Decision {}

  /** Continue a broken stream on the next deployment with the partial answer as prefix (opt-in). */
  record Continue() implements Decision {}

  /** Give up: the failure goes to the client. */
  record Stop(String why) implements Decision {}
}
