package dev.sluice.server.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenAI-protocol provider on a raw loopback socket that sends its answer one byte at a time: headers at once,
 * then the body a byte every {@code every-<ms>} (a chunk of one byte when streaming, under a Content-Length when
 * not), about {@code bytes-<n>} of it. The model name carries both knobs, as with the testkit fakes. Counts the
 * requests it received. Daemon threads; {@link #close()} stops accepting.
 */
final class TrickleUpstream implements AutoCloseable {
  private static final Pattern BYTES = Pattern.compile("bytes-(\\d+)");
  private static final Pattern EVERY = Pattern.compile("every-(\\d+)");
  private final ServerSocket server;
  final AtomicInteger requests = new AtomicInteger();

  TrickleUpstream() {
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket socket = server.accept();
          Thread t = new Thread(() -> serve(socket), "trickle-upstream-conn");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }, "trickle-upstream");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
  }

  private void serve(Socket socket) {
    try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
      String request = readRequest(in);
      if (request == null) {
        return;
      }
      requests.incrementAndGet();
      boolean stream = request.replace(" ", "").contains("\"stream\":true");
      int bytes = knob(BYTES, request, 300);
      long every = knob(EVERY, request, 4);
      if (stream) {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        for (byte b : sseBody(bytes)) {
          out.write(new byte[] {'1', '\r', '\n', b, '\r', '\n'});
          out.flush();
          Thread.sleep(every);
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      } else {
        byte[] body = unaryBody(bytes);
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        for (byte b : body) {
          out.write(b);
          out.flush();
          Thread.sleep(every);
        }
      }
      out.flush();
    } catch (IOException e) {
      // the gateway hung up: the trickle stops
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The request head and body (by Content-Length), or null when the peer left. */
  private static String readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      head.write(b);
      byte[] h = head.toByteArray();
      int n = h.length;
      if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
        break;
      }
    }
    if (b == -1) {
      return null;
    }
    String headers = head.toString(StandardCharsets.US_ASCII);
    Matcher length = Pattern.compile("(?i)content-length:\\s*(\\d+)").matcher(headers);
    int size = length.find() ? Integer.parseInt(length.group(1)) : 0;
    byte[] body = in.readNBytes(size);
    return headers + new String(body, StandardCharsets.UTF_8);
  }

  private static int knob(Pattern p, String text, int fallback) {
    Matcher m = p.matcher(text);
    return m.find() ? Integer.parseInt(m.group(1)) : fallback;
  }

  /** The word "tok " repeated: the answer's text when about {@code bytes} of answer are asked for. */
  static int pieces(int bytes, boolean stream) {
    return Math.max(1, stream ? bytes / 110 : (bytes - 200) / 4);
  }

  private static byte[] sseBody(int bytes) {
    StringBuilder sse = new StringBuilder();
    for (int i = 0; i < pieces(bytes, true); i++) {
      sse.append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
          + "\"delta\":{\"content\":\"tok \"},\"finish_reason\":null}]}\n\n");
    }
    sse.append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},"
        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":" + pieces(bytes, true)
        + ",\"total_tokens\":" + (5 + pieces(bytes, true)) + "}}\n\ndata: [DONE]\n\n");
    return sse.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] unaryBody(int bytes) {
    String text = "tok ".repeat(pieces(bytes, false));
    return ("{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"},\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":" + pieces(bytes, false) + ",\"total_tokens\":"
        + (5 + pieces(bytes, false)) + "}}").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // nothing to do
    }
  }
}
