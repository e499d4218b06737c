package dev.sluice.server.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Map;

/**
 * The checks on a request's HTTP shape made at the front, before routing and authentication (RELIABILITY
 * A1#1 and A1#2). Netty has parsed the head by then; these catch what it accepts but we must not.
 */
final class RequestShape {
  /**
   * Most header fields a request may carry. Vert.x and Netty limit only the head's size, not the count;
   * 100 is Envoy's default ({@code max_headers_count}) and far above what any SDK sends (about 15).
   */
  static final int MAX_HEADERS = 100;

  /** A refusal: the status, the error code and a message that echoes nothing from the request. */
  record Refusal(int status, String code, String message) {}

  private RequestShape() {}

  /** Why the request must be refused, or null when its shape is fine. */
  static Refusal check(HttpServerRequest request) {
    MultiMap headers = request.headers();
    // One pass over the header lines: counted one per line (MultiMap.size() counts distinct names, so 2000
    // repeated "X-A: 1" lines would pass as one), and their names checked. Not headers.names(): that builds a
    // sorted set per request.
    int count = 0;
    boolean underscore = false;
    for (Map.Entry<String, String> field : headers) {
      if (++count > MAX_HEADERS) {
        return new Refusal(431, "request_header_fields_too_large",
            "The request has more than " + MAX_HEADERS + " header fields.");
      }
      // Rejected like Envoy's edge setting headers_with_underscores_action: REJECT_REQUEST. A proxy or CGI
      // layer that maps "_" and "-" to the same name (x_api_key vs x-api-key) would see other headers than we do.
      underscore |= field.getKey().indexOf('_') >= 0;
    }
    List<String> codings = headers.getAll("transfer-encoding");
    // RFC 9112 §6.3: a Transfer-Encoding whose final coding is not chunked leaves the body length unknowable
    // ("MUST respond with 400 and then close"). We accept chunked alone: a request never needs another
    // coding, and "chunked, identity" or a repeated header are exactly what parsers disagree on.
    if (!codings.isEmpty() && (codings.size() > 1 || !codings.get(0).trim().equalsIgnoreCase("chunked"))) {
      return new Refusal(400, "invalid_transfer_encoding",
          "The request's Transfer-Encoding must be exactly \"chunked\" when present.");
    }
    if (underscore) {
      return new Refusal(400, "invalid_header_name", "Header names must not contain underscores.");
    }
    return null;
  }

  /** The refusal for a request Netty could not decode (the invalid-request handler's input). */
  static Refusal undecodable(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    if (cause instanceof TooLongHttpHeaderException) {
      return new Refusal(431, "request_header_fields_too_large", "The request's header block is too large.");
    }
    if (cause instanceof TooLongHttpLineException) {
      return new Refusal(414, "uri_too_long", "The request line is too long.");
    }
    return new Refusal(400, "malformed_request", "The request is not valid HTTP/1.1 (framing or header syntax).");
  }
}
