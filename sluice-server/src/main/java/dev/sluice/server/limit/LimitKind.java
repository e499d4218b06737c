package dev.sluice.server.limit;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What a rate limit counts: requests per minute, tokens per minute (the prompt estimate taken up front,
 * settled with the real usage), or requests in flight at once.
 */
public enum LimitKind {
  RPM, TPM, CONCURRENCY;

  /** The window of the per-minute kinds, as GCRA's period: {@code limit} units per minute. */
  static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind for a wire name such as "rpm", or null. */
  public static LimitKind fromWireName(String name) {
    for (LimitKind k : values()) {
      if (k.wireName().equals(name)) {
        return k;
      }
    }
    return null;
  }
}
