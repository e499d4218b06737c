package dev.sluice.core.route;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Decides what follows a failed attempt: retry the same deployment, fall back to the next, continue a broken
 * stream there, or stop. {@link #decide} is a ladder of guard clauses, one reason each, in the manner of
 * OkHttp's {@code RetryAndFollowUpInterceptor.recover()}; the first rung that applies decides.
 *
 * <p>Thread-safe when {@code random} is (see {@link Planner} on which generators are).
 */
public final class AttemptPolicy {
  private final int retries;
  private final Duration backoffBase;
  private final Duration backoffMax;
  private final RandomGenerator random;

  /** @param retries retries per deployment after its first attempt; 0 means exactly one attempt each */
  public AttemptPolicy(int retries, Duration backoffBase, Duration backoffMax, RandomGenerator random) {
    if (retries < 0) {
      throw new IllegalArgumentException("retries must not be negative, was " + retries);
    }
    this.retries = retries;
    this.backoffBase = Objects.requireNonNull(backoffBase, "backoffBase");
    this.backoffMax = Objects.requireNonNull(backoffMax, "backoffMax");
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * @param attemptsOnDeployment attempts made on this deployment so far, including the failed one (at least 1)
   * @param moreDeployments whether the plan has a deployment after this one
   * @param midStreamContinuation whether the route opted into continuing broken streams
   * @param remaining time left until the request's total deadline
   */
  public Decision decide(AttemptFailure failure, int attemptsOnDeployment, boolean moreDeployments,
      boolean midStreamContinuation, Duration remaining) {
    // The client already has part of an answer: a retry or fallback would send a second one.
    if (failure.bytesSentToClient() || failure.kind() == FailureClass.MID_STREAM) {
      if (!midStreamContinuation) {
        return new Decision.Stop("bytes already sent to the client");
      }
      if (!moreDeployments) {
        return new Decision.Stop("bytes already sent to the client; no deployment left to continue on");
      }
      return new Decision.Continue();
    }
    // The request itself is wrong: every deployment would refuse it the same way.
    if (failure.kind() == FailureClass.CLIENT_ERROR) {
      return new Decision.Stop("the request was refused as invalid");
    }
    // No time left for anything: trying again would only fail later with a timeout.
    if (!remaining.isPositive()) {
      return new Decision.Stop("deadline reached");
    }
    // Same prompt, same window: only another model (ideally a larger one) can help.
    if (failure.kind() == FailureClass.CONTEXT_LENGTH) {
      return moreDeployments
          ? new Decision.Fallback()
          : new Decision.Stop("prompt does not fit the context window and no deployment is left");
    }
    // Transient (connect, timeout, 429, 5xx, in-band error, empty stream): retry here while allowed and in time.
    boolean retryAllowed = attemptsOnDeployment <= retries;
    if (retryAllowed) {
      Duration delay = retryDelay(failure, attemptsOnDeployment);
      if (delay.compareTo(remaining) < 0) {
        return new Decision.Retry(delay);
      }
    }
    if (moreDeployments) {
      return new Decision.Fallback();
    }
    return new Decision.Stop(retryAllowed ? "deadline: the retry delay would pass it" : "retries exhausted");
  }

  /** The provider's Retry-After exactly when it sent one (never less: it would just refuse again), else backoff. */
  private Duration retryDelay(AttemptFailure failure, int attemptsOnDeployment) {
    if (failure.retryAfterMillis() != null) {
      return Duration.ofMillis(Math.max(0, failure.retryAfterMillis()));
    }
    return Backoff.delay(attemptsOnDeployment, backoffBase, backoffMax, random);
  }
}
