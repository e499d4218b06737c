package dev.sluice.server.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The answer's text as it streamed to the client, kept only for routes that opted into mid-stream
 * continuation (it parses every chunk, which the plain relay avoids).
 */
final class PartialText {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
  private final StringBuilder text = new StringBuilder();

  void add(byte[] event) {
    if (!startsWithData(event)) {
      return;
    }
    try {
      JsonNode chunk = JSON.readTree(event, DATA.length, event.length - DATA.length);
      JsonNode content = chunk == null ? null : chunk.at("/choices/0/delta/content");
      if (content != null && content.isTextual()) {
        text.append(content.asText());
      }
    } catch (IOException notJson) {
      // [DONE] or a comment: no text
    }
  }

  String text() {
    return text.toString();
  }

  private static boolean startsWithData(byte[] event) {
    if (event.length < DATA.length) {
      return false;
    }
    for (int i = 0; i < DATA.length; i++) {
      if (event[i] != DATA[i]) {
        return false;
      }
    }
    return true;
  }
}
