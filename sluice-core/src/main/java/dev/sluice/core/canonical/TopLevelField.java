package dev.sluice.core.canonical;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Replaces one top-level string member of a JSON object in place, byte for byte: how a passthrough renames
 * the model without decoding and re-encoding the caller's body. The body must already be valid JSON (the
 * dialect validated it).
 */
public final class TopLevelField {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final ObjectMapper JSON = new ObjectMapper();

  private TopLevelField() {}

  /** The body with {@code field}'s string value replaced by {@code value}; the same array when absent or equal. */
  public static byte[] replaceString(byte[] body, String field, String value) {
    try (JsonParser p = FACTORY.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return body;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken token = p.nextToken();
        if (name.equals(field) && token == JsonToken.VALUE_STRING) {
          if (value.equals(p.getText())) {
            return body;
          }
          int start = (int) p.currentTokenLocation().getByteOffset();
          p.finishToken();
          int end = (int) p.currentLocation().getByteOffset();
          byte[] quoted = JSON.writeValueAsBytes(value);
          byte[] out = new byte[body.length - (end - start) + quoted.length];
          System.arraycopy(body, 0, out, 0, start);
          System.arraycopy(quoted, 0, out, start, quoted.length);
          System.arraycopy(body, end, out, start + quoted.length, body.length - end);
          return out;
        }
        p.skipChildren();
      }
      return body;
    } catch (IOException e) {
      throw new IllegalArgumentException("not a JSON object", e);
    }
  }
}
