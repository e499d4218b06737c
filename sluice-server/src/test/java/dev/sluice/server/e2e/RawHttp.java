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
 * senders): what came back, and whether the server closed the connection within the wait.
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
    return new Reply(got.toString(StandardCharsets.ISO_8859_1), closed);
  }
}
