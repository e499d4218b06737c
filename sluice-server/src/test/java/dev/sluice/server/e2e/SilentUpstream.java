package dev.sluice.server.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider on a raw loopback socket that reads each request and never answers, and notes when the gateway closes
 * the connection: how a test sees that a non-streamed upstream call was really cancelled (the fakes count only
 * streams). Daemon threads; {@link #close()} stops them.
 */
final class SilentUpstream implements AutoCloseable {
  private final ServerSocket server;
  final AtomicInteger accepted = new AtomicInteger();
  /** {@link System#nanoTime()} of each connection the peer closed. */
  final Queue<Long> closedAt = new ConcurrentLinkedQueue<>();

  SilentUpstream() {
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::acceptLoop, "silent-upstream");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        accepted.incrementAndGet();
        Thread reader = new Thread(() -> drainUntilClosed(socket), "silent-upstream-conn");
        reader.setDaemon(true);
        reader.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /** Reads (and ignores) whatever comes until the peer closes or resets the connection. */
  private void drainUntilClosed(Socket socket) {
    try (socket; InputStream in = socket.getInputStream()) {
      byte[] buffer = new byte[4096];
      while (in.read(buffer) != -1) {
        // keep reading: the request, then nothing until the gateway hangs up
      }
    } catch (IOException e) {
      // a reset is a close too
    }
    closedAt.add(System.nanoTime());
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
