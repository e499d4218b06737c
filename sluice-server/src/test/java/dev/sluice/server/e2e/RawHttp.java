package dev.sluice.server.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Exact bytes on a plain socket, for request shapes no HTTP client will produce (smuggling, bare LF, slow
 * senders, NUL and non-ASCII bytes in headers, repeated {@code Authorization} headers, megabyte header values):
 * what came back, and whether the server closed the connection within the wait.
 */
final class RawHttp {
  private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3})");

  private RawHttp() {}

  /** What the server sent, and whether it closed (EOF or reset) before the read timeout. */
  record Reply(String text, boolean closed) {
    int status() {
      Matcher m = STATUS_LINE.matcher(text);
      return m.find() && m.start() == 0 ? Integer.parseInt(m.group(1)) : -1;
    }

    /** How many responses came back: a pipelined request after a refused one must not be answered. */
    int responses() {
      Matcher m = STATUS_LINE.matcher(text);
      int n = 0;
      while (m.find()) {
        n++;
      }
      return n;
    }

    String body() {
      int at = text.indexOf("\r\n\r\n");
      return at < 0 ? "" : text.substring(at + 4);
    }

    String header(String name) {
      for (String line : text.split("\r\n")) {
        if (line.isEmpty()) {
          break;
        }
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }

  /** An answer as UTF-8 text split at the head, for checks that a (possibly non-ASCII) value is not echoed. */
  record Answer(int status, String head, String body) {}

  /**
   * One POST on a fresh socket with {@code Connection: close}; {@code headerLines} are complete lines without
   * CRLF, sent as UTF-8 bytes unchanged. Reads the answer until the gateway closes (5 s at most).
   */
  static Answer post(int port, String path, String body, String... headerLines) {
    StringBuilder request = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Type: application/json\r\nConnection: close\r\n");
    for (String line : headerLines) {
      request.append(line).append("\r\n");
    }
    byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
    request.append("Content-Length: ").append(bodyBytes.length).append("\r\n\r\n");
    try (Socket socket = connect(port, 5000)) {
      try {
        socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().write(bodyBytes);
        socket.getOutputStream().flush();
      } catch (IOException refusedMidWrite) {
        // a gateway refusing an oversized header may close before we finish writing: read what it said
      }
      String text = new String(readBytes(socket).bytes(), StandardCharsets.UTF_8);
      int split = text.indexOf("\r\n\r\n");
      String head = split < 0 ? text : text.substring(0, split);
      Matcher m = STATUS_LINE.matcher(head);
      return new Answer(m.find() && m.start() == 0 ? Integer.parseInt(m.group(1)) : -1, head,
          split < 0 ? "" : text.substring(split + 4));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Socket connect(int port, int readTimeoutMillis) {
    try {
      Socket socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(readTimeoutMillis);
      return socket;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends {@code request} as is, then reads until the server closes or {@code waitMillis} pass in silence. */
  static Reply exchange(int port, String request, int waitMillis) {
    try (Socket socket = connect(port, waitMillis)) {
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return readUntilClosed(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads until EOF/reset (closed) or until a read waits longer than the socket's timeout (still open). */
  static Reply readUntilClosed(Socket socket) {
    Bytes got = readBytes(socket);
    return new Reply(new String(got.bytes(), StandardCharsets.ISO_8859_1), got.closed());
  }

  private record Bytes(byte[] bytes, boolean closed) {}

  private static Bytes readBytes(Socket socket) {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    boolean closed;
    try {
      InputStream in = socket.getInputStream();
      while (true) {
        int n = in.read(buffer);
        if (n < 0) {
          closed = true;
          break;
        }
        got.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException stillOpen) {
      closed = false;
    } catch (SocketException reset) {
      closed = true; // a reset is a close too
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Bytes(got.toByteArray(), closed);
  }
}
