package dev.sluice.core.route;

/** How an upstream attempt failed, as far as retry and fallback decisions care. */
public enum FailureClass {
  /** Could not connect, TLS failed, or the connection broke before a response. */
  CONNECT,
  /** No response headers, or no first stream event, within the deadline. */
  TIMEOUT,
  /** 429. */
  RATE_LIMITED,
  /** 5xx, 408, or a response that is not what the protocol promises (wrong content type, unparseable). */
  SERVER_ERROR,
  /** The prompt does not fit the model's context window (a 400 that says so). */
  CONTEXT_LENGTH,
  /** A 4xx caused by the request itself: retrying or falling back cannot help. */
  CLIENT_ERROR,
  /** A 200 stream whose first event was an error. */
  INBAND_ERROR,
  /** A 200 stream that ended before any content. */
  EMPTY_STREAM,
  /** The stream broke after bytes reached the client. */
  MID_STREAM
}
