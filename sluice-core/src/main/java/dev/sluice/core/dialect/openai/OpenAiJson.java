package dev.sluice.core.dialect.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sluice.core.dialect.JsonText;
import dev.sluice.core.error.GatewayException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The Jackson setup for OpenAI-dialect bodies, in one place so every reader applies the same limits.
 *
 * <p>Client bodies are read strictly: a duplicate key is rejected (two {@code "model"} keys would let the
 * gateway route on one value and the provider bill another), nesting is capped at 64 and strings at 16 MiB
 * chars so a hostile body cannot cost more than its size. Upstream bodies are read leniently (they are the
 * provider's problem, and a stray duplicate must not lose a customer's usage).
 *
 * <p>Neither mapper sets {@code FAIL_ON_TRAILING_TOKENS}: it would also fire when reading one member's
 * subtree out of a larger document; {@link RequestWalker#expectEnd()} checks client bodies instead.
 *
 * <p>Both mappers keep floats as exact {@code BigDecimal}s with their trailing zeros, so a tree written back
 * out (a chunk with its usage removed, say) carries the same numbers the provider sent.
 */
final class OpenAiJson {
  /** 16 MiB in chars: more than any real prompt part (a 20 MB image is base64'd to ~27 M, refused anyway). */
  static final int MAX_STRING_CHARS = 16 * 1024 * 1024;
  /** Deep enough for any tool JSON schema we have seen (they stay under ~20), shallow enough for the stack. */
  static final int MAX_NESTING_DEPTH = 64;

  static final JsonFactory CLIENT_FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MAX_NESTING_DEPTH)
          .maxStringLength(MAX_STRING_CHARS)
          .build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  static final ObjectMapper CLIENT = mapper(CLIENT_FACTORY);
  static final ObjectMapper UPSTREAM = mapper(JsonFactory.builder().build());

  static final String UNPARSEABLE = "We could not parse the JSON body of your request. (HINT: This likely means"
      + " you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent"
      + " was not valid JSON.)";

  private OpenAiJson() {}

  private static ObjectMapper mapper(JsonFactory factory) {
    return JsonMapper.builder(factory)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
        .build();
  }

  static JsonParser clientParser(byte[] body) {
    try {
      return CLIENT_FACTORY.createParser(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen: the input is an array in memory
    }
  }

  /**
   * {@code body} ready to parse and keep: refused (400) unless strict UTF-8 JSON text (see {@link JsonText}),
   * and without a leading byte-order mark, so the passthrough never forwards one the provider would refuse.
   */
  static byte[] checkedText(byte[] body) {
    String problem = JsonText.problem(body);
    if (problem != null) {
      throw GatewayException.invalidRequest(UNPARSEABLE + " Detail: " + problem + ".", /* param= */ null);
    }
    return JsonText.withoutBom(body);
  }

  /** The client's body could not be read as JSON: OpenAI's wording, plus what Jackson found, for the fix. */
  static GatewayException unparseable(JsonProcessingException e) {
    String detail = e.getOriginalMessage();
    return GatewayException.invalidRequest(detail == null ? UNPARSEABLE : UNPARSEABLE + " Detail: " + detail,
        /* param= */ null);
  }

  /** {@code s} as a JSON string literal in UTF-8, quotes included. */
  static byte[] quoted(String s) {
    byte[] inner = JsonStringEncoder.getInstance().quoteAsUTF8(s);
    byte[] out = new byte[inner.length + 2];
    out[0] = '"';
    System.arraycopy(inner, 0, out, 1, inner.length);
    out[out.length - 1] = '"';
    return out;
  }

  static GatewayException notAnObject() {
    return GatewayException.invalidRequest(UNPARSEABLE + " Detail: the body must be a single JSON object.", null);
  }

  /** The tree of a body that {@code parse} already validated; it cannot fail, so failure is a bug. */
  static com.fasterxml.jackson.databind.node.ObjectNode validatedTree(byte[] raw) {
    try {
      return (com.fasterxml.jackson.databind.node.ObjectNode) CLIENT.readTree(raw);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("body was validated by parse and cannot fail here", e);
    }
  }
}
