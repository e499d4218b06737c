package dev.sluice.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import java.util.List;

/**
 * Vert.x's request decoder with two framings refused that Netty accepts (RELIABILITY A1#1, request smuggling).
 * A refused request reaches the server's invalid-request handler (400, then the connection is closed); it is
 * never routed.
 *
 * <ul>
 *   <li>{@code Content-Length} together with {@code Transfer-Encoding}: Netty drops the Content-Length and
 *       reads chunked, silently. A proxy in front may have used the length instead, and the two then disagree
 *       on where the next request starts. RFC 9112 §6.1 allows a server to reject such a message; it is
 *       the shape every desync attack needs, and no honest client sends it.</li>
 *   <li>obs-fold (a header line continued on the next line starting with a space or tab): Netty joins the
 *       lines. RFC 9112 §5.2 allows rejecting it with 400; a front proxy that parses it differently would see
 *       other headers than we do, so it is refused.</li>
 * </ul>
 *
 * <p>Obs-fold is found by watching the bytes the decoder consumes while it reads a request head: Netty
 * consumes a head line by line and returns as soon as the head is complete, so those bytes are exactly the
 * head, never the body. Bare LF is refused by Netty itself (strict line parsing).
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {
  private boolean inHead = true;
  private boolean foldSeen;
  /** The head byte before the current one; 0 at the start of a head, where leading whitespace is no fold. */
  private byte previous;

  StrictRequestDecoder(HttpServerOptions options) {
    super(options);
  }

  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    // Thrown inside Netty's header parsing: the request comes out with a failed decoder result.
    throw new IllegalArgumentException("Content-Length and Transfer-Encoding in the same request");
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
    int from = buffer.readerIndex();
    boolean readingHead = inHead;
    int produced = out.size();
    super.decode(ctx, buffer, out);
    if (readingHead) {
      for (int i = from; i < buffer.readerIndex(); i++) {
        byte b = buffer.getByte(i);
        foldSeen |= previous == '\n' && (b == ' ' || b == '\t');
        previous = b;
      }
    }
    for (int i = produced; i < out.size(); i++) {
      Object decoded = out.get(i);
      if (decoded instanceof HttpMessage message) {
        if (foldSeen && message.decoderResult().isSuccess()) {
          message.setDecoderResult(DecoderResult.failure(
              new IllegalArgumentException("obsolete line folding in the request head")));
        }
        inHead = false;
        foldSeen = false;
      }
      if (decoded instanceof LastHttpContent) {
        inHead = true;
        previous = 0;
      }
    }
  }
}
