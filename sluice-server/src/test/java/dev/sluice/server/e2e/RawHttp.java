package dev.sluice.server.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 request written byte for byte on a fresh socket (with {@code Connection: close}), for what
 * java's HttpClient refuses to send: NUL and non-ASCII bytes in headers, repeated {@code Authorization}
 * headers, megabyte header values. Reads the answer until the gateway closes (5 s at most).
 */
final class RawHttp {
  private RawHttp() {}

  record Answer(int status, String head, String body) {}

  /** {@code headerLines} are complete lines without CRLF; their bytes are sent as UTF-8, unchanged. */
  static Answer post(int port, String path, String body, String... headerLines) {
    StringBuilder request = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Type: application/json\r\nConnection: close\r\n");
    for (String line : headerLines) {
      request.append(line).append("\r\n");
    }
    byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
    request.append("Content-Length: ").append(bodyBytes.length).append("\r\n\r\n");
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.write(bodyBytes);
        out.flush();
      } catch (IOException refusedMidWrite) {
        // a gateway refusing an oversized header may close before we finish writing: read what it said
      }
      return parse(readAll(socket.getInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) != -1; ) {
        all.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException | java.net.SocketException stopped) {
      // keep what arrived (a reset after the answer is fine)
    }
    return all.toByteArray();
  }

  private static Answer parse(byte[] raw) {
    String text = new String(raw, StandardCharsets.UTF_8);
    int split = text.indexOf("\r\n\r\n");
    String head = split < 0 ? text : text.substring(0, split);
    String body = split < 0 ? "" : text.substring(split + 4);
    int status = head.startsWith("HTTP/1.1 ") && head.length() >= 12 ? Integer.parseInt(head.substring(9, 12)) : -1;
    return new Answer(status, head, body);
  }
}
