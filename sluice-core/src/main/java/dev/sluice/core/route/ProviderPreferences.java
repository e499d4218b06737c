package dev.sluice.core.route;

import java.util.List;

/**
 * Per-request routing preferences, compatible with OpenRouter's {@code provider} object. Names in
 * {@code order}, {@code only} and {@code ignore} are provider names as configured (the prefix in
 * {@code provider/model}).
 *
 * @param allowFallbacks false: only the single best deployment is tried, no backups
 * @param sort overrides the strategy when set
 * @param maxPrice skip deployments whose list price exceeds this (either side), or null
 * @param requireParameters skip deployments that cannot take the request's tools, JSON schema or images
 * @param denyDataCollection only deployments marked zero-retention
 */
public record ProviderPreferences(
    List<String> order,
    List<String> only,
    List<String> ignore,
    boolean allowFallbacks,
    Sort sort,
    MaxPrice maxPrice,
    boolean requireParameters,
    boolean denyDataCollection) {

  public static final ProviderPreferences NONE =
      new ProviderPreferences(List.of(), List.of(), List.of(), true, null, null, false, false);

  public ProviderPreferences {
    order = List.copyOf(order);
    only = List.copyOf(only);
    ignore = List.copyOf(ignore);
  }

  public enum Sort { PRICE, LATENCY, THROUGHPUT }

  /** Price ceilings in micro-dollars per million tokens; null sides are unbounded. */
  public record MaxPrice(Long promptMicrosPerMTok, Long completionMicrosPerMTok) {}

  /**
   * These preferences over {@code defaults} (from the key or configuration): a field the request sets wins,
   * lists the request leaves empty and flags it leaves at their neutral value take the default's.
   */
  public ProviderPreferences over(ProviderPreferences defaults) {
    return new ProviderPreferences(
        order.isEmpty() ? defaults.order : order,
        only.isEmpty() ? defaults.only : only,
        ignore.isEmpty() ? defaults.ignore : ignore,
        allowFallbacks && defaults.allowFallbacks,
        sort != null ? sort : defaults.sort,
        maxPrice != null ? maxPrice : defaults.maxPrice,
        requireParameters || defaults.requireParameters,
        denyDataCollection || defaults.denyDataCollection);
  }
}
