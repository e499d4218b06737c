package dev.sluice.server.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP listener that only counts who connects: the host a request must never reach (an attacker's
 * {@code api_base}, a redirect target). Every accepted connection is closed at once.
 */
final class CanaryListener implements AutoCloseable {
  private final ServerSocket socket;
  private final AtomicInteger connections = new AtomicInteger();
  private final Thread acceptor;

  CanaryListener() {
    try {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    acceptor = Thread.ofVirtual().start(() -> {
      while (!socket.isClosed()) {
        try (Socket accepted = socket.accept()) {
          connections.incrementAndGet();
        } catch (IOException closed) {
          return;
        }
      }
    });
  }

  String url() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  int connections() {
    return connections.get();
  }

  @Override
  public void close() {
    try {
      socket.close();
      acceptor.join(2000);
    } catch (IOException | InterruptedException ignored) {
      // closing a test listener
    }
  }
}
