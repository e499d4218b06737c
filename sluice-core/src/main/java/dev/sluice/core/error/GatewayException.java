package dev.sluice.core.error;

import java.util.Objects;

/**
 * An expected failure with everything needed to render it in any dialect: kind (status and type), message,
 * and OpenAI's optional {@code code} and {@code param}. Thrown by validation and by the proxy, caught once
 * by the server, which renders the caller's error body.
 *
 * <p>No stack trace is captured ({@code writableStackTrace=false}): these are outcomes, not bugs, and may be
 * thrown on every bad request; filling a trace costs more than the whole validation.
 */
public final class GatewayException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorKind kind;
  private final String code;
  private final String param;
  private final Integer retryAfterSeconds;

  public GatewayException(ErrorKind kind, String message, String param, String code, Integer retryAfterSeconds,
      Throwable cause) {
    super(message, cause, /* enableSuppression= */ false, /* writableStackTrace= */ false);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.param = param;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public GatewayException(ErrorKind kind, String message, String param, String code) {
    this(kind, message, param, code, /* retryAfterSeconds= */ null, /* cause= */ null);
  }

  public static GatewayException of(ErrorKind kind, String message) {
    return new GatewayException(kind, message, null, null);
  }

  public static GatewayException invalidRequest(String message, String param) {
    return new GatewayException(ErrorKind.INVALID_REQUEST, message, param, null);
  }

  public static GatewayException invalidRequest(String message, String param, String code) {
    return new GatewayException(ErrorKind.INVALID_REQUEST, message, param, code);
  }

  /** Code {@code invalid_api_key}, as OpenAI sends for a missing or wrong key. */
  public static GatewayException authentication(String message) {
    return new GatewayException(ErrorKind.AUTHENTICATION, message, null, "invalid_api_key");
  }

  public static GatewayException permission(String message) {
    return new GatewayException(ErrorKind.PERMISSION, message, null, null);
  }

  public static GatewayException notFound(String message) {
    return new GatewayException(ErrorKind.NOT_FOUND, message, null, null);
  }

  public static GatewayException notFound(String message, String code) {
    return new GatewayException(ErrorKind.NOT_FOUND, message, null, code);
  }

  /** OpenAI's own wording and code for an unknown model (see {@code wire/openai/error-404-model.json}). */
  public static GatewayException modelNotFound(String model) {
    return new GatewayException(ErrorKind.NOT_FOUND,
        "The model `" + model + "` does not exist or you do not have access to it.", null, "model_not_found");
  }

  public static GatewayException payloadTooLarge(String message) {
    return new GatewayException(ErrorKind.PAYLOAD_TOO_LARGE, message, null, null);
  }

  /** Code {@code rate_limit_exceeded}, as OpenAI sends; {@code retryAfterSeconds} may be null. */
  public static GatewayException rateLimited(String message, Integer retryAfterSeconds) {
    return new GatewayException(ErrorKind.RATE_LIMITED, message, null, "rate_limit_exceeded", retryAfterSeconds,
        null);
  }

  public static GatewayException insufficientQuota(String message) {
    return new GatewayException(ErrorKind.INSUFFICIENT_QUOTA, message, null, "insufficient_quota");
  }

  /** The provider could not be reached, broke the connection or answered with garbage: 502. */
  public static GatewayException upstream(String message) {
    return new GatewayException(ErrorKind.UPSTREAM_ERROR, message, null, null);
  }

  public static GatewayException upstreamTimeout(String message) {
    return new GatewayException(ErrorKind.UPSTREAM_TIMEOUT, message, null, null);
  }

  public static GatewayException overloaded(String message, Integer retryAfterSeconds) {
    return new GatewayException(ErrorKind.OVERLOADED, message, null, null, retryAfterSeconds, null);
  }

  public static GatewayException internal(String message) {
    return new GatewayException(ErrorKind.INTERNAL, message, null, null);
  }

  public ErrorKind kind() {
    return kind;
  }

  /** A machine-readable detail such as {@code invalid_api_key} or {@code model_not_found}; may be null. */
  public String code() {
    return code;
  }

  /** The request field at fault, in OpenAI's path syntax ({@code messages[3].role}); may be null. */
  public String param() {
    return param;
  }

  /** Seconds the client should wait before retrying (the {@code Retry-After} header); may be null. */
  public Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
