package dev.sluice.core.dialect.responses;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.dialect.JsonText;
import dev.sluice.core.error.GatewayException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The Jackson setup for Responses bodies: a strict, bounded reader for the caller's body and a writer for
 * ours.
 *
 * <p>The request is read into a tree (every part of it is needed), so the tree's size must be bounded by more
 * than the body's byte count: a body of {@code [{},{},...]} costs far more heap as nodes than as bytes. The
 * token cap bounds the node count; the nesting cap the stack; the string cap one value (an inline image of
 * ~12 MB is ~16 M base64 chars). A duplicate key is an error: two {@code "model"} keys would let the gateway
 * route on one value while a provider reads the other.
 */
final class ResponsesJson {
  /** 16 M chars: above any real prompt part, as for the Chat Completions dialect. */
  static final int MAX_STRING_CHARS = 16 * 1024 * 1024;
  /** Deep enough for any real tool schema (they stay under ~20 levels), shallow enough for the stack. */
  static final int MAX_NESTING_DEPTH = 64;
  /**
   * JSON tokens in one body. A long agent conversation (thousands of items of ~10 tokens) plus 128 tool
   * schemas of a few hundred tokens stays under 200k; 1 M bounds a hostile tree to tens of MB of heap.
   */
  static final long MAX_TOKENS = 1_000_000;

  static final String UNPARSEABLE = "We could not parse the JSON body of your request. (HINT: This likely means"
      + " you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent"
      + " was not valid JSON.)";

  private static final JsonFactory CLIENT_FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MAX_NESTING_DEPTH)
          .maxStringLength(MAX_STRING_CHARS)
          .maxTokenCount(MAX_TOKENS)
          .build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  /** Reads callers' bodies; floats stay exact {@code BigDecimal}s so a tool schema reaches the provider as sent. */
  static final ObjectMapper CLIENT = JsonMapper.builder(CLIENT_FACTORY)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /** Writes our bodies and events. */
  static final ObjectMapper WRITER = JsonMapper.builder().build();

  private ResponsesJson() {}

  /** The body as an object, or a 400 in OpenAI's words saying why it is not one. */
  static ObjectNode readBody(byte[] body) {
    String problem = JsonText.problem(body); // Jackson would take UTF-16 and surrogate bytes: see JsonText
    if (problem != null) {
      throw GatewayException.invalidRequest(UNPARSEABLE + " Detail: " + problem + ".", /* param= */ null);
    }
    JsonNode root;
    try {
      root = CLIENT.readTree(body);
    } catch (StreamConstraintsException e) {
      throw GatewayException.invalidRequest(UNPARSEABLE + " Detail: the body exceeds a size limit ("
          + e.getOriginalMessage() + ").", /* param= */ null);
    } catch (IOException e) {
      String detail = e instanceof com.fasterxml.jackson.core.JacksonException j ? JsonText.detail(j) : null;
      throw GatewayException.invalidRequest(detail == null ? UNPARSEABLE : UNPARSEABLE + " Detail: " + detail,
          /* param= */ null);
    }
    if (root == null || !root.isObject()) {
      throw GatewayException.invalidRequest(UNPARSEABLE + " Detail: the body must be a single JSON object.",
          /* param= */ null);
    }
    return (ObjectNode) root;
  }

  /** A generator over {@code out} that leaves {@code out} open when closed. */
  static JsonGenerator generator(OutputStream out) {
    try {
      JsonGenerator g = WRITER.createGenerator(out);
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      return g;
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen: the target is in memory
    }
  }
}
