package dev.sluice.server.proxy;

import dev.sluice.core.stream.StreamTransducer;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One attempt's call to its provider and how to read the answer, built per deployment: passthrough when
 * caller and provider speak the same protocol, translation otherwise. The attempt loop and the proxies only
 * move bytes; everything protocol-specific is in here.
 *
 * @param path the path (and query) under the provider's base URL
 * @param headers headers for this call besides the provider's configured ones (a signature, a version)
 * @param unary reads a 2xx non-streamed body; returns null when it holds no usable answer
 * @param stream a fresh transducer for a streamed answer
 * @param streamType the content type a streamed answer must have ({@code text/event-stream}, or Bedrock's
 *     {@code application/vnd.amazon.eventstream})
 */
record UpstreamRequest(String path, Map<String, String> headers, byte[] body,
    Function<byte[], UnaryAnswer> unary, Supplier<StreamTransducer> stream, String streamType) {
  static final String SSE = "text/event-stream";

  /** A call that is never streamed (embeddings). */
  static UpstreamRequest unary(String path, Map<String, String> headers, byte[] body,
      Function<byte[], UnaryAnswer> unary) {
    return new UpstreamRequest(path, headers, body, unary, () -> {
      throw new IllegalStateException("a unary-only call was streamed: " + path);
    }, SSE);
  }
}
