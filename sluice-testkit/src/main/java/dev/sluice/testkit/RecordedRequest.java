package dev.sluice.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One request as the fake received it, so a test can assert on exactly what the gateway sent upstream.
 *
 * @param method HTTP method, e.g. {@code POST}
 * @param path request path without the query, e.g. {@code /v1/chat/completions}
 * @param headers header names in lower case; repeated headers joined with {@code ", "}
 * @param body the body as UTF-8 text, empty when there was none
 */
public record RecordedRequest(String method, String path, Map<String, String> headers, String body) {
  public RecordedRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    headers = Map.copyOf(headers);
    body = body == null ? "" : body;
  }

  /** The body parsed as JSON; a missing node for an empty body; throws IllegalStateException if it is not JSON. */
  public JsonNode json() {
    if (body.isEmpty()) {
      return MissingNode.getInstance();
    }
    try {
      return WireFixtures.JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("recorded body is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** A header by case-insensitive name, or null. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }
}
