package dev.sluice.core.route;

import java.util.Locale;

/** How a virtual model orders its deployments for one request. */
public enum Strategy {
  /** Weighted random order (sampling without replacement, so the later entries are the fallbacks). */
  WEIGHTED("weighted"),
  /** Rotate the starting deployment on every request. */
  ROUND_ROBIN("round-robin"),
  /** Fewest requests in flight first. */
  LEAST_INFLIGHT("least-inflight"),
  /** Lowest EWMA latency first (time to first token for streams, total latency otherwise); unmeasured first. */
  LOWEST_LATENCY("lowest-latency"),
  /** Cheapest for this request's expected tokens first; unpriced last. */
  LOWEST_COST("lowest-cost"),
  /** Lowest priority number first; the next group only when every deployment of the first is unavailable. */
  PRIORITY("priority");

  private final String configName;

  Strategy(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  /** The strategy for a config name such as "round-robin", or null when there is none. */
  public static Strategy fromConfigName(String name) {
    String wanted = name.toLowerCase(Locale.ROOT).replace('_', '-');
    for (Strategy s : values()) {
      if (s.configName.equals(wanted)) {
        return s;
      }
    }
    return null;
  }
}
