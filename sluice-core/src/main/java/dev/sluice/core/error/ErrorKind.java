package dev.sluice.core.error;

/**
 * What went wrong, decided once, with the HTTP status and the error {@code type} string each client dialect
 * expects. The strings are the providers' own, so SDKs and dashboards that switch on them keep working.
 *
 * <p>OpenAI's {@code type} values as seen in real bodies: 400/401/403/404 all use
 * {@code invalid_request_error} (a bad key is {@code invalid_request_error} with code {@code invalid_api_key};
 * an unknown model is {@code invalid_request_error} with code {@code model_not_found}: see the recorded bodies
 * in {@code wire/openai/error-*.json}); 429 uses {@code rate_limit_error} (older bodies said
 * {@code requests}/{@code tokens}); 500 uses {@code server_error}; 503 {@code service_unavailable_error}
 * (code {@code server_is_overloaded}). The official SDKs pick their exception class from the HTTP status,
 * never from {@code type}, and retry 408, 409, 429 and 5xx: so the status is the part that must be right.
 *
 * <p>Anthropic's {@code error.type} values (docs.claude.com/en/api/errors): {@code invalid_request_error} 400,
 * {@code authentication_error} 401, {@code billing_error} 402, {@code permission_error} 403,
 * {@code not_found_error} 404, {@code request_too_large} 413, {@code rate_limit_error} 429, {@code api_error}
 * 500, {@code timeout_error} 504, {@code overloaded_error} 529.
 */
public enum ErrorKind {
  INVALID_REQUEST(400, "invalid_request_error", "invalid_request_error"),
  AUTHENTICATION(401, "invalid_request_error", "authentication_error"),
  PERMISSION(403, "invalid_request_error", "permission_error"),
  NOT_FOUND(404, "invalid_request_error", "not_found_error"),
  /**
   * The route exists but not for this HTTP method. OpenAI answers {@code invalid_request_error} ("Invalid
   * method for URL"); Anthropic uses {@code invalid_request_error} for "other 4XX status codes not listed".
   */
  METHOD_NOT_ALLOWED(405, "invalid_request_error", "invalid_request_error"),
  PAYLOAD_TOO_LARGE(413, "invalid_request_error", "request_too_large"),
  RATE_LIMITED(429, "rate_limit_error", "rate_limit_error"),
  /**
   * A Sluice budget or key quota is spent. OpenAI itself answers 429 {@code insufficient_quota}, but its
   * SDKs retry every 429 (twice, by default) and a spent budget does not refill in seconds; 402 is not
   * retried, and is what OpenRouter and Anthropic ({@code billing_error}) send for the same situation.
   */
  INSUFFICIENT_QUOTA(402, "insufficient_quota", "billing_error"),
  /** The provider failed: refused the connection, broke it, or answered with garbage. */
  UPSTREAM_ERROR(502, "api_error", "api_error"),
  /**
   * The provider did not answer in time. OpenAI documents no {@code type} for this (it is usually a gateway
   * in front of it that times out), so we use {@code timeout_error}, Anthropic's documented type for its own
   * 504: clients branch on the status (504, retried by the SDKs) and humans read a self-explaining word.
   */
  UPSTREAM_TIMEOUT(504, "timeout_error", "timeout_error"),
  /** Every deployment for the model is busy or cooling down: try again shortly (retried by SDKs). */
  OVERLOADED(503, "service_unavailable_error", "overloaded_error"),
  /** A bug in Sluice. */
  INTERNAL(500, "server_error", "api_error");

  private final int status;
  private final String openAiType;
  private final String anthropicType;

  ErrorKind(int status, String openAiType, String anthropicType) {
    this.status = status;
    this.openAiType = openAiType;
    this.anthropicType = anthropicType;
  }

  /** The HTTP status to answer with. */
  public int status() {
    return status;
  }

  /** The {@code error.type} string in an OpenAI-style body. */
  public String openAiType() {
    return openAiType;
  }

  /** The {@code error.type} string in an Anthropic-style body. */
  public String anthropicType() {
    return anthropicType;
  }

  /** Whether a client (or Sluice, trying another deployment) may retry: the SDKs' rule of 429 and 5xx. */
  public boolean retryable() {
    return status == 429 || status >= 500;
  }
}
