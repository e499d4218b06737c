package dev.sluice.core.dialect.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import dev.sluice.core.error.GatewayException;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * One forward pass over a client body with Jackson's streaming parser: validators read the few fields they
 * check and skip the rest without decoding it, and note byte offsets so the passthrough can splice the
 * original bytes ({@link BodySplice}) instead of re-serialising a tree.
 *
 * <p>Skipped strings are not decoded, so Jackson cannot apply its string-length limit to them; that is safe
 * for bodies up to {@link OpenAiJson#MAX_STRING_CHARS} bytes (a string has at most as many chars as its UTF-8
 * bytes). Only bigger bodies pay to decode every string.
 */
final class RequestWalker implements AutoCloseable {
  private final byte[] body;
  private final JsonParser parser;
  private final boolean decodeSkippedStrings;
  private int pendingString = -1; // opening quote of a string being measured; -1: none
  private long measuredBytes;

  RequestWalker(byte[] body) {
    this.body = body;
    this.parser = OpenAiJson.clientParser(body);
    this.decodeSkippedStrings = body.length > OpenAiJson.MAX_STRING_CHARS;
  }

  /** Moves to the root and checks it is an object. */
  void enterRootObject() throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      throw OpenAiJson.notAnObject();
    }
  }

  /** Checks nothing follows the root object (Jackson would stop reading there silently). */
  void expectEnd() throws IOException {
    if (parser.nextToken() != null) {
      throw OpenAiJson.notAnObject();
    }
  }

  JsonToken next() throws IOException {
    JsonToken t = parser.nextToken();
    if (pendingString >= 0 && t != null) {
      settleMeasuredString();
    }
    return t;
  }

  String name() throws IOException {
    return parser.currentName();
  }

  String text() throws IOException {
    return parser.getText();
  }

  /** Offset of the current token's first byte. */
  int tokenStart() {
    return (int) parser.currentTokenLocation().getByteOffset();
  }

  /** Offset just past the current scalar token (a string is read to its closing quote first). */
  int scalarEnd() throws IOException {
    parser.finishToken();
    return (int) parser.currentLocation().getByteOffset();
  }

  /** Offset just past the current token, once a container has been walked to its end token. */
  int currentEnd() {
    return (int) parser.currentLocation().getByteOffset();
  }

  /**
   * Offset of the current member's key (its opening quote), found from the current value's first byte by
   * scanning back over the colon and whitespace: free for every member the caller does not ask about.
   * Valid for keys whose decoded name has no {@code "}: every other raw {@code "} is escaped, so the first one
   * met scanning back is the key's opening quote. Callers pass fixed ASCII names ({@code "models"}).
   */
  int memberStart() {
    int colon = skipWhitespaceBack(body, tokenStart() - 1);
    int i = skipWhitespaceBack(body, colon - 1) - 1; // just inside the key's closing quote
    while (body[i] != '"') {
      i--;
    }
    return i;
  }

  /**
   * Adds the current string's length, as written between its quotes, to {@link #measuredBytes()}, without
   * decoding it: the count is settled by the next {@link #next()}, from where the following token starts,
   * once Jackson has skipped the string as it would anyway. An escape counts as written, so the count is
   * never below the UTF-8 length of the text and an estimate built on it errs high.
   */
  void measureString() {
    pendingString = tokenStart();
  }

  /** Bytes of the strings passed to {@link #measureString()} so far. */
  long measuredBytes() {
    return measuredBytes;
  }

  private void settleMeasuredString() {
    int close = skipWhitespaceBack(body, tokenStart() - 1); // the next token follows whitespace and a comma
    if (body[close] == ',') {
      close = skipWhitespaceBack(body, close - 1);
    }
    measuredBytes += close - pendingString - 1;
    pendingString = -1;
  }

  /** The current number, exactly as written (no binary floating point in between). */
  BigDecimal decimal() throws IOException {
    return parser.getDecimalValue();
  }

  /** Skips the current value (a whole object or array when on its start token). */
  void skip(JsonToken token) throws IOException {
    if (!decodeSkippedStrings) {
      if (token.isStructStart()) {
        parser.skipChildren();
      }
      return;
    }
    int depth = 0;
    JsonToken t = token;
    do {
      if (t.isStructStart()) {
        depth++;
      } else if (t.isStructEnd()) {
        depth--;
      } else if (t == JsonToken.VALUE_STRING) {
        checkStringLength();
      }
    } while (depth > 0 && (t = parser.nextToken()) != null);
  }

  /**
   * Decodes the current string and checks its length. Jackson checks only as its buffer grows, which can
   * miss a string just over the limit, so the final length is checked here (without making a String).
   */
  private void checkStringLength() throws IOException {
    parser.finishToken();
    int length = parser.getTextLength();
    if (length > OpenAiJson.MAX_STRING_CHARS) {
      throw GatewayException.invalidRequest("A string value in the request body is " + length + " characters"
          + " long, which exceeds the maximum allowed (" + OpenAiJson.MAX_STRING_CHARS + ").", null,
          "string_above_max_length");
    }
  }

  /** An integer within [min, max]; anything else is a 400 naming {@code param}. */
  long integer(JsonToken token, String param, long min, long max) throws IOException {
    if (token != JsonToken.VALUE_NUMBER_INT) {
      throw InvalidParams.invalidType(param, "an integer", token);
    }
    long value;
    try {
      value = parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
          ? (parser.getBigIntegerValue().signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE)
          : parser.getLongValue();
    } catch (InputCoercionException e) {
      value = Long.MAX_VALUE; // not reachable for INT/LONG, kept so a Jackson change cannot leak a 500
    }
    if (value < min) {
      throw InvalidParams.belowMin(param, min, parser.getText());
    }
    if (value > max) {
      throw InvalidParams.aboveMax(param, max, parser.getText());
    }
    return value;
  }

  /** The index of the last non-whitespace byte at or before {@code i} (JSON whitespace: space, tab, CR, LF). */
  static int skipWhitespaceBack(byte[] bytes, int i) {
    while (i >= 0 && isWhitespace(bytes[i])) {
      i--;
    }
    return i;
  }

  /** The index of the first non-whitespace byte at or after {@code i}. */
  static int skipWhitespace(byte[] bytes, int i) {
    while (i < bytes.length && isWhitespace(bytes[i])) {
      i++;
    }
    return i;
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }
}
