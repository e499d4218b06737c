package dev.sluice.server.ledger;

/**
 * One line of {@code sluice usage}: spend of one group (a key, team, org, user, model or provider) over a period.
 *
 * @param group the key id, team, ... or null for attempts without one (a key with no team)
 * @param requests distinct requests
 * @param attempts upstream attempts (retries and fallbacks count here, not in {@code requests})
 * @param unpriced attempts that used tokens but had no known price: their cost is unknown, not zero
 */
public record UsageRow(String group, long requests, long attempts, long inputTokens, long outputTokens,
    long costNanos, long unpriced) {}
