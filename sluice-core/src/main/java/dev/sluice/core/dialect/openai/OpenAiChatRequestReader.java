package dev.sluice.core.dialect.openai;

import static dev.sluice.core.dialect.openai.InvalidParams.invalidType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The validation pass behind {@link OpenAiChatRequest#parse}: one walk over the body with
 * {@link RequestWalker}, checking the fields the gateway relies on and noting the byte offsets the
 * passthrough edits. Kept apart from the request view so each stays one screen of logic.
 */
final class OpenAiChatRequestReader {
  private static final byte[] STREAM_OPTIONS_MEMBER =
      ",\"stream_options\":{\"include_usage\":true}".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] STREAM_OPTIONS_OBJECT = "{\"include_usage\":true}".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] INCLUDE_USAGE_ONLY = "\"include_usage\":true".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] INCLUDE_USAGE_FIRST = "\"include_usage\":true,".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);

  private OpenAiChatRequestReader() {}

  /** Walks and validates {@code body}; throws {@code GatewayException} (400) on the first problem. */
  static Fields read(byte[] body) {
    try (RequestWalker w = new RequestWalker(body)) {
      Fields f = new Fields();
      w.enterRootObject();
      while (w.next() == JsonToken.FIELD_NAME) {
        readField(w, w.name(), w.next(), f);
      }
      f.rootEnd = w.tokenStart();
      w.expectEnd();
      if (f.model == null) {
        throw InvalidParams.missing("model");
      }
      if (!f.sawMessages) {
        throw InvalidParams.missing("messages");
      }
      return f;
    } catch (JsonProcessingException e) {
      throw OpenAiJson.unparseable(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not reachable: the input is in memory
    }
  }

  private static void readField(RequestWalker w, String name, JsonToken v, Fields f) throws IOException {
    switch (name) {
      case "model" -> f.model = ModelField.read(w, v);
      case "messages" -> readMessages(w, v, f);
      case "stream" -> f.stream = bool(v, "stream");
      case "stream_options" -> readStreamOptions(w, v, f);
      case "max_tokens" -> f.maxTokens = optionalInt(w, v, "max_tokens", OpenAiChatRequest.MAX_OUTPUT_TOKENS);
      case "max_completion_tokens" ->
          f.maxCompletionTokens = optionalInt(w, v, "max_completion_tokens", OpenAiChatRequest.MAX_OUTPUT_TOKENS);
      case "n" -> optionalInt(w, v, "n", OpenAiChatRequest.MAX_N);
      case "temperature" -> {
        if (v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_NUMBER_FLOAT && v != JsonToken.VALUE_NULL) {
          throw invalidType("temperature", "a number", v);
        }
      }
      case "tools" -> readTools(w, v, f);
      default -> w.skip(v);
    }
  }

  private static void readMessages(RequestWalker w, JsonToken v, Fields f) throws IOException {
    if (v != JsonToken.START_ARRAY) {
      throw invalidType("messages", "an array", v);
    }
    int i = 0;
    JsonToken t;
    while ((t = w.next()) != JsonToken.END_ARRAY) {
      readMessage(w, t, i++);
    }
    if (i == 0) {
      throw InvalidParams.emptyArray("messages");
    }
    f.sawMessages = true;
  }

  private static void readMessage(RequestWalker w, JsonToken t, int i) throws IOException {
    if (t != JsonToken.START_OBJECT) {
      throw invalidType("messages[" + i + "]", "an object", t);
    }
    String role = null;
    JsonToken content = null;
    while (w.next() == JsonToken.FIELD_NAME) {
      String name = w.name();
      JsonToken v = w.next();
      if (name.equals("role")) {
        if (v != JsonToken.VALUE_STRING) {
          throw invalidType("messages[" + i + "].role", "a string", v);
        }
        role = w.text();
        if (!OpenAiChatRequest.ROLES.contains(role)) {
          throw InvalidParams.invalidValue("messages[" + i + "].role", role, OpenAiChatRequest.ROLES);
        }
      } else if (name.equals("content")) {
        content = v;
        readContent(w, v, i);
      } else {
        w.skip(v);
      }
    }
    if (role == null) {
      throw InvalidParams.missing("messages[" + i + "].role");
    }
    // An assistant turn may carry only tool_calls (content absent or null); a function result may be null.
    boolean contentOptional = role.equals("assistant") || role.equals("function");
    if (content == null && !contentOptional) {
      throw InvalidParams.missing("messages[" + i + "].content");
    }
    if (content == JsonToken.VALUE_NULL && !contentOptional) {
      throw invalidType("messages[" + i + "].content", "one of a string or an array of objects", content);
    }
  }

  private static void readContent(RequestWalker w, JsonToken v, int i) throws IOException {
    if (v == JsonToken.VALUE_STRING || v == JsonToken.VALUE_NULL) {
      w.skip(v);
      return;
    }
    if (v != JsonToken.START_ARRAY) {
      throw invalidType("messages[" + i + "].content", "one of a string or an array of objects", v);
    }
    int j = 0;
    JsonToken part;
    while ((part = w.next()) != JsonToken.END_ARRAY) {
      if (part != JsonToken.START_OBJECT) {
        throw invalidType("messages[" + i + "].content[" + j + "]", "an object", part);
      }
      w.skip(part);
      j++;
    }
  }

  private static void readStreamOptions(RequestWalker w, JsonToken v, Fields f) throws IOException {
    if (v == JsonToken.VALUE_NULL) {
      f.streamOptionsStart = w.tokenStart();
      f.streamOptionsEnd = w.scalarEnd();
      f.streamOptionsIsNull = true;
      return;
    }
    if (v != JsonToken.START_OBJECT) {
      throw invalidType("stream_options", "an object", v);
    }
    f.streamOptionsStart = w.tokenStart();
    while (w.next() == JsonToken.FIELD_NAME) {
      f.streamOptionsMembers++;
      String name = w.name();
      JsonToken x = w.next();
      if (!name.equals("include_usage")) {
        w.skip(x);
        continue;
      }
      if (x != JsonToken.VALUE_TRUE && x != JsonToken.VALUE_FALSE && x != JsonToken.VALUE_NULL) {
        throw invalidType("stream_options.include_usage", "a boolean", x);
      }
      f.includeUsage = x == JsonToken.VALUE_TRUE;
      f.includeUsageStart = w.tokenStart();
      f.includeUsageEnd = w.scalarEnd();
    }
    f.streamOptionsEnd = w.currentEnd();
  }

  private static void readTools(RequestWalker w, JsonToken v, Fields f) throws IOException {
    if (v == JsonToken.VALUE_NULL) {
      return;
    }
    if (v != JsonToken.START_ARRAY) {
      throw invalidType("tools", "an array", v);
    }
    JsonToken t;
    while ((t = w.next()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.START_OBJECT) {
        throw invalidType("tools[" + f.toolCount + "]", "an object", t);
      }
      w.skip(t);
      f.toolCount++;
    }
  }

  private static boolean bool(JsonToken v, String param) {
    if (v == JsonToken.VALUE_TRUE) {
      return true;
    }
    if (v == JsonToken.VALUE_FALSE || v == JsonToken.VALUE_NULL) {
      return false;
    }
    throw invalidType(param, "a boolean", v);
  }

  /** An integer in [1, max], or -1 for null. */
  private static long optionalInt(RequestWalker w, JsonToken v, String param, long max) throws IOException {
    return v == JsonToken.VALUE_NULL ? -1 : w.integer(v, param, 1, max);
  }

  /** What one pass over the body found. */
  static final class Fields {
    ModelField model;
    boolean sawMessages;
    boolean stream;
    boolean includeUsage;
    long maxTokens = -1;
    long maxCompletionTokens = -1;
    int toolCount;
    int rootEnd;
    int streamOptionsStart = -1; // -1: no stream_options key
    int streamOptionsEnd;
    boolean streamOptionsIsNull;
    int streamOptionsMembers;
    int includeUsageStart = -1; // -1: no include_usage key
    int includeUsageEnd;

    /** The smallest edit that makes {@code stream_options.include_usage} true, or null if it already is. */
    BodySplice.Edit includeUsageEdit() {
      if (includeUsage) {
        return null;
      }
      if (streamOptionsStart < 0) {
        return new BodySplice.Edit(rootEnd, rootEnd, STREAM_OPTIONS_MEMBER);
      }
      if (streamOptionsIsNull) {
        return new BodySplice.Edit(streamOptionsStart, streamOptionsEnd, STREAM_OPTIONS_OBJECT);
      }
      if (includeUsageStart >= 0) {
        return new BodySplice.Edit(includeUsageStart, includeUsageEnd, TRUE);
      }
      int afterBrace = streamOptionsStart + 1;
      return new BodySplice.Edit(afterBrace, afterBrace,
          streamOptionsMembers == 0 ? INCLUDE_USAGE_ONLY : INCLUDE_USAGE_FIRST);
    }
  }
}
