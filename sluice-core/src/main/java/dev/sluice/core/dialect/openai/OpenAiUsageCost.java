package dev.sluice.core.dialect.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Adds OpenRouter's {@code usage.cost} (USD, as a JSON number) to a provider's response, for callers that
 * asked with {@code "usage": {"include": true}}: a byte splice just before the closing brace of the
 * top-level {@code usage} object, so the rest of the body stays exactly as the provider sent it.
 */
public final class OpenAiUsageCost {
  private OpenAiUsageCost() {}

  /**
   * The JSON object text with {@code "cost": usd} added to its top-level {@code usage} object; the input
   * unchanged when there is no usage object (or it is not JSON).
   *
   * @param usd a plain decimal number such as {@code 0.000001950}
   */
  public static byte[] addTo(byte[] json, int offset, int length, String usd) {
    int close = usageObjectEnd(json, offset, length);
    if (close < 0) {
      return null;
    }
    boolean empty = isEmptyObjectBefore(json, offset, close);
    byte[] insert = ((empty ? "" : ",") + "\"cost\":" + usd).getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[length + insert.length];
    int head = close - offset;
    System.arraycopy(json, offset, out, 0, head);
    System.arraycopy(insert, 0, out, head, insert.length);
    System.arraycopy(json, close, out, head + insert.length, length - head);
    return out;
  }

  /** {@link #addTo(byte[], int, int, String)} over a whole body; the body itself when there is no usage. */
  public static byte[] addTo(byte[] body, String usd) {
    byte[] out = addTo(body, 0, body.length, usd);
    return out == null ? body : out;
  }

  /**
   * The same for one SSE event ({@code data: {...}\n\n}): the event with the cost added, or the event
   * unchanged when its data has no usage object.
   */
  public static byte[] addToEvent(byte[] event, String usd) {
    int start = indexOf(event, (byte) '{');
    int end = lastIndexOf(event, (byte) '}');
    if (start < 0 || end < start) {
      return event;
    }
    byte[] json = addTo(event, start, end - start + 1, usd);
    if (json == null) {
      return event;
    }
    byte[] out = new byte[start + json.length + (event.length - end - 1)];
    System.arraycopy(event, 0, out, 0, start);
    System.arraycopy(json, 0, out, start, json.length);
    System.arraycopy(event, end + 1, out, start + json.length, event.length - end - 1);
    return out;
  }

  /** Byte index of the closing brace of the top-level "usage" object, or -1. */
  private static int usageObjectEnd(byte[] json, int offset, int length) {
    try (JsonParser p = OpenAiJson.UPSTREAM.createParser(json, offset, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return -1;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("usage") && value == JsonToken.START_OBJECT) {
          p.skipChildren(); // now on the usage object's END_OBJECT
          return offset + (int) p.currentTokenLocation().getByteOffset();
        }
        p.skipChildren();
      }
      return -1;
    } catch (IOException e) {
      return -1;
    }
  }

  private static boolean isEmptyObjectBefore(byte[] json, int offset, int close) {
    for (int i = close - 1; i >= offset; i--) {
      byte b = json[i];
      if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
        continue;
      }
      return b == '{';
    }
    return true;
  }

  private static int indexOf(byte[] a, byte b) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static int lastIndexOf(byte[] a, byte b) {
    for (int i = a.length - 1; i >= 0; i--) {
      if (a[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
