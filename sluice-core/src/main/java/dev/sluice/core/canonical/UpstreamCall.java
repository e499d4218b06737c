package dev.sluice.core.canonical;

import java.util.Map;

/**
 * What a provider codec asks the gateway to send: the path (and query) under the provider's base URL, the
 * headers this call needs besides the provider's configured ones (e.g. a SigV4 signature, a version
 * header), and the body.
 */
public record UpstreamCall(String path, Map<String, String> headers, byte[] body) {
  public UpstreamCall {
    headers = Map.copyOf(headers);
  }
}
