package dev.sluice.core.dialect.anthropic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.dialect.JsonText;
import dev.sluice.core.error.GatewayException;
import java.io.IOException;

/**
 * Reading an Anthropic-dialect client body, with the limits that keep a hostile body cheap: nesting capped at
 * 64 (deeper than any real tool schema, shallow enough for the stack), strings at 16 Mi chars, and duplicate
 * keys refused (two {@code "model"} keys would let the gateway route on one and the provider bill the
 * other). The body's own size is capped by the server before it gets here, so the tree is bounded too.
 * Floats stay exact {@code BigDecimal}s, so tool inputs and schemas go upstream with the caller's numbers.
 */
final class AnthropicClientJson {
  static final int MAX_NESTING_DEPTH = 64;
  static final int MAX_STRING_CHARS = 16 * 1024 * 1024;

  static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder()
              .maxNestingDepth(MAX_NESTING_DEPTH)
              .maxStringLength(MAX_STRING_CHARS)
              .build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build())
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .build();

  private AnthropicClientJson() {}

  /** The body as an object, or Anthropic's "The request body is not valid JSON: ..." 400. */
  static ObjectNode parseObject(byte[] body) {
    String problem = JsonText.problem(body); // Jackson would take UTF-16 and surrogate bytes: see JsonText
    if (problem != null) {
      throw GatewayException.invalidRequest("The request body is not valid JSON: " + problem + ".", null);
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw GatewayException.invalidRequest("The request body is not valid JSON: " + JsonText.detail(e), null);
    } catch (IOException e) {
      throw GatewayException.invalidRequest("The request body could not be read: " + e.getMessage(), null);
    }
    if (root == null || !root.isObject()) {
      throw GatewayException.invalidRequest("The request body must be a JSON object.", null);
    }
    return (ObjectNode) root;
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of our own nodes always serialises", e);
    }
  }
}
