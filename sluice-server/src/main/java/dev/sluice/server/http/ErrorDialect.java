package dev.sluice.server.http;

import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.DialectCodec;
import dev.sluice.core.dialect.openai.OpenAiErrorBodies;
import dev.sluice.core.error.GatewayException;
import java.util.List;

/**
 * How a route's caller expects errors: the body before the response started, and the in-band event after
 * a stream started. Set on the {@link Exchange} by the route, before authentication, so even a refused key
 * is answered in the caller's own error object.
 */
public interface ErrorDialect {
  byte[] body(GatewayException error);

  byte[] midStream(GatewayException error);

  ErrorDialect OPENAI = new ErrorDialect() {
    @Override
    public byte[] body(GatewayException error) {
      return OpenAiErrorBodies.of(error);
    }

    @Override
    public byte[] midStream(GatewayException error) {
      return OpenAiErrorBodies.midStreamEvent(error);
    }
  };

  /** The errors of a dialect codec: its error body, and its stream encoder's error event. */
  static ErrorDialect of(DialectCodec codec) {
    // The error event does not depend on the request; any request makes an encoder that can write it.
    ChatRequest any = new ChatRequest("error", List.of(), List.of(), null, null, null, null, null, null, null, null,
        null, null, null, null, null, true, false, null, null);
    return new ErrorDialect() {
      @Override
      public byte[] body(GatewayException error) {
        return codec.errorBody(error);
      }

      @Override
      public byte[] midStream(GatewayException error) {
        return codec.streamEncoder(any, 0).error(error);
      }
    };
  }
}
