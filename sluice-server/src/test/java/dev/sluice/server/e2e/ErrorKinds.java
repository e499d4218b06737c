package dev.sluice.server.e2e;

import dev.sluice.core.error.ErrorKind;
import dev.sluice.server.e2e.DialectWire.Dialect;

/** The error object a caller must get for a status, in its dialect's own {@code type} words. */
final class ErrorKinds {
  private ErrorKinds() {}

  static ErrorKind forStatus(int status) {
    for (ErrorKind kind : ErrorKind.values()) {
      if (kind.status() == status && kind != ErrorKind.AUTHENTICATION) {
        return kind;
      }
    }
    throw new IllegalArgumentException("no error kind for " + status);
  }

  /** Asserts the dialect's error envelope with the {@code type} that belongs to {@code status}; returns the message. */
  static String assertDialectError(Dialect dialect, int status, String body) {
    ErrorKind kind = forStatus(status);
    return dialect.assertErrorBody(body, kind.openAiType(), kind.anthropicType());
  }
}
