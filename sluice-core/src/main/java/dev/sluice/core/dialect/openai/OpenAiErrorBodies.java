package dev.sluice.core.dialect.openai;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.sluice.core.error.ErrorKind;
import dev.sluice.core.error.GatewayException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * OpenAI's error body, {@code {"error":{"message":...,"type":...,"param":...,"code":...}}}, with all four keys
 * always present ({@code null} when unknown), as in OpenAI's own responses ({@code wire/openai/error-*.json}).
 *
 * <p>Once a stream has started the status is already 200, so OpenAI sends the same object as an SSE event,
 * {@code data: {"error":{...}}}; its SDKs check every chunk for an {@code error} member and throw
 * ({@code openai-node} {@code core/streaming}: "if (data && data.error) throw new APIError(...)").
 */
public final class OpenAiErrorBodies {
  private static final byte[] DATA_PREFIX = "data: ".getBytes(StandardCharsets.US_ASCII);

  private OpenAiErrorBodies() {}

  public static byte[] of(ErrorKind kind, String message, String param, String code) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128 + (message == null ? 0 : message.length()));
    write(out, kind, message, param, code);
    return out.toByteArray();
  }

  public static byte[] of(GatewayException e) {
    return of(e.kind(), e.getMessage(), e.param(), e.code());
  }

  /** The error as one SSE event, {@code data: {"error":{...}}\n\n}, for a stream that already started. */
  public static byte[] midStreamEvent(ErrorKind kind, String message, String param, String code) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(136 + (message == null ? 0 : message.length()));
    out.writeBytes(DATA_PREFIX);
    write(out, kind, message, param, code);
    out.write('\n');
    out.write('\n');
    return out.toByteArray();
  }

  public static byte[] midStreamEvent(GatewayException e) {
    return midStreamEvent(e.kind(), e.getMessage(), e.param(), e.code());
  }

  private static void write(ByteArrayOutputStream out, ErrorKind kind, String message, String param, String code) {
    ascii(out, "{\"error\":{\"message\":");
    string(out, message);
    ascii(out, ",\"type\":");
    string(out, kind.openAiType());
    ascii(out, ",\"param\":");
    string(out, param);
    ascii(out, ",\"code\":");
    string(out, code);
    ascii(out, "}}");
  }

  private static void string(ByteArrayOutputStream out, String s) {
    if (s == null) {
      ascii(out, "null");
      return;
    }
    out.write('"');
    out.writeBytes(JsonStringEncoder.getInstance().quoteAsUTF8(s));
    out.write('"');
  }

  private static void ascii(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
  }
}
