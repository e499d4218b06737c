package dev.sluice.server.budget;

import java.time.Instant;

/** Prepaid credit added to an organisation's balance. */
public record CreditGrant(String id, String org, long amountNanos, String note, Instant createdAt) {}
