package dev.sluice.core.route;

/**
 * One failed attempt, as the attempt policy sees it.
 *
 * @param retryAfterMillis what the provider asked us to wait (Retry-After, retry-after-ms), or null
 * @param bytesSentToClient whether any byte of the answer already reached the client
 */
public record AttemptFailure(FailureClass kind, Long retryAfterMillis, boolean bytesSentToClient) {}
