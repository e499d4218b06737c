package dev.sluice.server.proxy;

import dev.sluice.core.error.GatewayException;
import io.vertx.core.http.StreamResetException;
import io.vertx.core.VertxException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Turns transport failures talking to a provider into the caller's error: 502 when the provider could not
 * be reached or broke the connection, 504 when it did not answer in time. Messages name the provider,
 * never its address or credential.
 */
final class UpstreamFailures {
  private UpstreamFailures() {}

  static GatewayException of(String provider, Throwable failure) {
    if (failure instanceof GatewayException ge) {
      return ge;
    }
    Throwable cause = rootCause(failure);
    if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
      return GatewayException.upstream("Could not connect to provider '" + provider + "'.");
    }
    if (cause instanceof TimeoutException
        || (cause instanceof VertxException && String.valueOf(cause.getMessage()).contains("timeout"))) {
      return timeout(provider);
    }
    if (cause instanceof SSLException) {
      return GatewayException.upstream("TLS handshake with provider '" + provider + "' failed.");
    }
    // A reset or broken connection: java.io.IOException from the JDK's NIO, Netty's NativeIoException (an
    // IOException too) from the epoll transport; the same event for the caller either way.
    if (cause instanceof ClosedChannelException || cause instanceof StreamResetException
        || cause instanceof java.io.IOException) {
      return GatewayException.upstream("Provider '" + provider + "' closed the connection before answering.");
    }
    return GatewayException.upstream("Provider '" + provider + "' failed: " + cause.getClass().getSimpleName() + ".");
  }

  static GatewayException timeout(String provider) {
    return GatewayException.upstreamTimeout("Provider '" + provider + "' did not answer in time.");
  }

  private static Throwable rootCause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c;
  }
}
