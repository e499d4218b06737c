package dev.sluice.server.proxy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sluice.core.error.GatewayException;
import java.io.IOException;

/**
 * Checks that a provider's 2xx body is one complete JSON object before it is relayed as an answer. The passthrough
 * reads only {@code usage} from a body and treats anything it cannot read as "no usage", so without this a
 * half-sent body or an HTML page from a misconfigured proxy (200, {@code text/html}) reached the caller as a
 * successful answer. Called only when no usage was found, so a normal answer is not parsed twice.
 */
final class WholeJsonObject {
  private static final JsonFactory FACTORY = new JsonFactory();

  private WholeJsonObject() {}

  /** @throws GatewayException (502) when {@code body} is not exactly one well-formed JSON object */
  static void require(byte[] body) {
    try (JsonParser p = FACTORY.createParser(body)) {
      if (p.nextToken() == JsonToken.START_OBJECT) {
        p.skipChildren();
        if (p.nextToken() == null) {
          return;
        }
      }
    } catch (IOException e) {
      // falls through: a truncated or garbled body
    }
    throw GatewayException.upstream("The provider's answer is not a complete JSON object (cut short, or not JSON).");
  }
}
