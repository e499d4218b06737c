package dev.sluice.core.dialect.openai;

import static dev.sluice.core.dialect.openai.InvalidParams.invalidType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.error.GatewayException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A validated {@code POST /v1/embeddings} body, kept as the client's bytes for the passthrough (see
 * {@link OpenAiChatRequest} for the approach).
 *
 * <p>{@code input} follows the OpenAI reference: a non-empty string, or a non-empty array (at most 2048
 * items) of non-empty strings, of token ids, or of non-empty token-id arrays, one kind throughout.
 * {@code encoding_format} is {@code float} or {@code base64}; {@code dimensions} a positive integer. Per-input
 * token limits depend on the model and are left to the provider.
 */
public final class OpenAiEmbeddingsRequest {
  /**
   * OpenAI's reference: input "must not exceed the max input tokens for the model (8192 tokens for all
   * embedding models), cannot be an empty string, and any array must be 2048 dimensions or less."
   */
  static final int MAX_INPUTS = 2048;
  static final List<String> ENCODING_FORMATS = List.of("float", "base64");

  private enum InputKind { STRING, TOKENS, TOKEN_ARRAYS }

  private final byte[] raw;
  private final ModelField model;
  private final int inputCount;
  private final String encodingFormat;
  private final OptionalInt dimensions;
  private ObjectNode tree;

  private OpenAiEmbeddingsRequest(byte[] raw, Fields f) {
    this.raw = raw;
    this.model = f.model;
    this.inputCount = f.inputCount;
    this.encodingFormat = f.encodingFormat;
    this.dimensions = f.dimensions > 0 ? OptionalInt.of(f.dimensions) : OptionalInt.empty();
  }

  /**
   * Validates a body. The array is kept, not copied: the caller must not change it afterwards.
   *
   * @throws GatewayException {@code INVALID_REQUEST} with OpenAI's message, code and {@code param}
   */
  public static OpenAiEmbeddingsRequest parse(byte[] body) {
    Objects.requireNonNull(body, "body");
    body = OpenAiJson.checkedText(body); // strict UTF-8, BOM dropped: these are the bytes forwarded
    try (RequestWalker w = new RequestWalker(body)) {
      Fields f = new Fields();
      w.enterRootObject();
      while (w.next() == JsonToken.FIELD_NAME) {
        readField(w, w.name(), w.next(), f);
      }
      w.expectEnd();
      if (f.model == null) {
        throw InvalidParams.missing("model");
      }
      if (f.inputCount == 0) {
        throw InvalidParams.missing("input");
      }
      return new OpenAiEmbeddingsRequest(body, f);
    } catch (JsonProcessingException e) {
      throw OpenAiJson.unparseable(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not reachable: the input is in memory
    }
  }

  private static void readField(RequestWalker w, String name, JsonToken v, Fields f) throws IOException {
    switch (name) {
      case "model" -> f.model = ModelField.read(w, v);
      case "input" -> f.inputCount = readInput(w, v);
      case "encoding_format" -> {
        if (v == JsonToken.VALUE_NULL) {
          return;
        }
        if (v != JsonToken.VALUE_STRING) {
          throw invalidType("encoding_format", "a string", v);
        }
        String format = w.text();
        if (!ENCODING_FORMATS.contains(format)) {
          throw InvalidParams.invalidValue("encoding_format", format, ENCODING_FORMATS);
        }
        f.encodingFormat = format;
      }
      case "dimensions" -> {
        if (v != JsonToken.VALUE_NULL) {
          f.dimensions = (int) w.integer(v, "dimensions", 1, Integer.MAX_VALUE);
        }
      }
      default -> w.skip(v);
    }
  }

  /** Returns how many inputs there are (a lone string is one). */
  private static int readInput(RequestWalker w, JsonToken v) throws IOException {
    if (v == JsonToken.VALUE_STRING) {
      if (w.text().isEmpty()) {
        throw InvalidParams.emptyString("input");
      }
      return 1;
    }
    if (v != JsonToken.START_ARRAY) {
      throw invalidType("input", "one of a string or an array", v);
    }
    InputKind kind = null;
    int count = 0;
    JsonToken t;
    while ((t = w.next()) != JsonToken.END_ARRAY) {
      String param = "input[" + count + "]";
      if (kind == null) {
        kind = kindOf(t, param);
      }
      switch (kind) {
        case STRING -> {
          if (t != JsonToken.VALUE_STRING) {
            throw invalidType(param, "a string", t);
          }
          if (w.text().isEmpty()) {
            throw InvalidParams.emptyString(param);
          }
        }
        case TOKENS -> w.integer(t, param, 0, Integer.MAX_VALUE);
        case TOKEN_ARRAYS -> readTokenArray(w, t, param);
      }
      count++;
    }
    if (count == 0) {
      throw InvalidParams.emptyArray("input");
    }
    if (count > MAX_INPUTS) {
      throw InvalidParams.arrayTooLong("input", MAX_INPUTS, count);
    }
    return count;
  }

  private static InputKind kindOf(JsonToken first, String param) {
    return switch (first) {
      case VALUE_STRING -> InputKind.STRING;
      case VALUE_NUMBER_INT -> InputKind.TOKENS;
      case START_ARRAY -> InputKind.TOKEN_ARRAYS;
      default -> throw invalidType(param, "one of a string, an integer or an array of integers", first);
    };
  }

  private static void readTokenArray(RequestWalker w, JsonToken t, String param) throws IOException {
    if (t != JsonToken.START_ARRAY) {
      throw invalidType(param, "an array of integers", t);
    }
    int n = 0;
    JsonToken token;
    while ((token = w.next()) != JsonToken.END_ARRAY) {
      w.integer(token, param + "[" + n + "]", 0, Integer.MAX_VALUE);
      n++;
    }
    if (n == 0) {
      throw InvalidParams.emptyArray(param);
    }
  }

  public String model() {
    return model.name();
  }

  /** How many embeddings the response will hold: 1 for a lone string, else the array's length. */
  public int inputCount() {
    return inputCount;
  }

  /** {@code float} or {@code base64}, or null when the client left the default ({@code float}). */
  public String encodingFormat() {
    return encodingFormat;
  }

  public OptionalInt dimensions() {
    return dimensions;
  }

  /** The body as a tree, built on first call and cached; treat as read-only. */
  public ObjectNode body() {
    if (tree == null) {
      tree = OpenAiJson.validatedTree(raw);
    }
    return tree;
  }

  /** The client's bytes with {@code model} set to {@code upstreamModel}; the original array if unchanged. */
  public byte[] toUpstreamBody(String upstreamModel) {
    Objects.requireNonNull(upstreamModel, "upstreamModel");
    BodySplice.Edit rename = model.renameTo(upstreamModel);
    return rename == null ? raw : BodySplice.apply(raw, rename);
  }

  private static final class Fields {
    ModelField model;
    int inputCount;
    String encodingFormat;
    int dimensions;
  }
}
