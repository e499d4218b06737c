package dev.sluice.server.http;

import dev.sluice.server.config.ServerSettings;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;

/**
 * The timeouts of one HTTP/1.1 client connection, measured only on what the client does (RELIABILITY A1#6):
 *
 * <ul>
 *   <li>{@code header_timeout}: a new connection must deliver a complete request head in time (slowloris);</li>
 *   <li>{@code keep_alive_timeout}: after a response, the next request head must arrive in time;</li>
 *   <li>{@code send_timeout}: a client that stops reading the response (its TCP window stays shut, so our
 *       output cannot drain) is cut after this long without progress. Progress is the output becoming
 *       writable again, which a slow but reading client keeps doing.</li>
 * </ul>
 *
 * While a request is being served there is deliberately no idle limit: the upstream may take up to the
 * routing timeouts to answer (time to first token, a long unary completion) and an SSE stream may be quiet
 * but for its pings; those are the routing layer's to judge. The body's idle limit is {@link BodyReader}'s.
 * One periodic timer per connection, on the connection's event loop; not thread-safe.
 */
final class ConnectionClock {
  private static final AttributeKey<ConnectionClock> KEY = AttributeKey.valueOf("sluice.connectionClock");

  private final Vertx vertx;
  private final Channel channel;
  private final long headerNanos;
  private final long keepAliveNanos;
  private final long sendNanos;
  private final long timer;
  private boolean serving;
  private boolean closing;
  private long waitingSince = System.nanoTime();
  private long waitLimitNanos;
  private long unwritableSince;
  /** The context of our first handler in the pipeline: a close from here does not wait for the output. */
  private ChannelHandlerContext first;

  private ConnectionClock(Vertx vertx, Channel channel, ServerSettings settings) {
    this.vertx = vertx;
    this.channel = channel;
    this.headerNanos = settings.headerTimeout().toNanos();
    this.keepAliveNanos = settings.keepAliveTimeout().toNanos();
    this.sendNanos = settings.sendTimeout().toNanos();
    this.waitLimitNanos = headerNanos;
    long shortest = Math.min(Math.min(headerNanos, keepAliveNanos), sendNanos) / 1_000_000;
    this.timer = vertx.setPeriodic(Math.clamp(shortest / 4, 50, 1_000), id -> tick());
  }

  /** Starts the clock of a new connection (called on its event loop, before it reads a byte). */
  static void start(Vertx vertx, HttpConnection connection, Channel channel, ServerSettings settings) {
    ConnectionClock clock = new ConnectionClock(vertx, channel, settings);
    channel.attr(KEY).set(clock);
    channel.pipeline().addFirst("sluiceSendProgress", new ChannelInboundHandlerAdapter() {
      @Override
      public void handlerAdded(ChannelHandlerContext ctx) {
        clock.first = ctx;
      }

      @Override
      public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        clock.writabilityChanged(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
      }
    });
    connection.closeHandler(v -> vertx.cancelTimer(clock.timer));
  }

  /** A request head arrived on {@code channel}: its wait is over until the response ends. */
  static void requestArrived(Channel channel, HttpServerRequest request) {
    ConnectionClock clock = channel == null ? null : channel.attr(KEY).get();
    if (clock != null) {
      clock.serving = true;
      request.response().endHandler(v -> clock.responseEnded());
    }
  }

  /**
   * Marks the connection as ending after the response now being written (a refused framing): requests already
   * pipelined behind it must not be served, since where they start is exactly what is in doubt.
   */
  static void refuseFurtherRequests(Channel channel) {
    ConnectionClock clock = channel == null ? null : channel.attr(KEY).get();
    if (clock != null) {
      clock.closing = true;
    }
  }

  /** True once {@link #refuseFurtherRequests} was called for the connection. */
  static boolean refusingRequests(Channel channel) {
    ConnectionClock clock = channel == null ? null : channel.attr(KEY).get();
    return clock != null && clock.closing;
  }

  private void responseEnded() {
    serving = false;
    waitingSince = System.nanoTime();
    waitLimitNanos = keepAliveNanos;
  }

  private void writabilityChanged(boolean writable) {
    unwritableSince = writable ? 0 : System.nanoTime();
  }

  private void tick() {
    long now = System.nanoTime();
    if (unwritableSince != 0) {
      if (now - unwritableSince >= sendNanos) {
        closeNow(); // the client has stopped reading: our output cannot move
      }
      return; // while the client is not reading, only the send timeout applies
    }
    if (!serving && now - waitingSince >= waitLimitNanos) {
      closeNow(); // no (complete) request head in time: slowloris or an idle keep-alive connection
    }
  }

  /**
   * Closes the socket now. Vert.x's own close (connection or channel) waits until pending output is flushed,
   * which for a client that never reads is never; closing from the pipeline's first handler skips that wait.
   * Vert.x still sees the channel go inactive, so close handlers run (the upstream is cancelled, usage recorded).
   */
  private void closeNow() {
    vertx.cancelTimer(timer);
    if (first != null) {
      first.close();
    } else {
      channel.close();
    }
  }
}
