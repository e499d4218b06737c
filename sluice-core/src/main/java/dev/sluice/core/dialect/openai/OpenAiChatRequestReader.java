package dev.sluice.core.dialect.openai;

import static dev.sluice.core.dialect.openai.InvalidParams.invalidType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The validation pass behind {@link OpenAiChatRequest#parse}: one walk over the body with
 * {@link RequestWalker}, checking the fields the gateway relies on, measuring what routing needs to know
 * and noting the byte offsets the passthrough edits. Kept apart from the request view so each stays one
 * screen of logic; {@code messages} are read by {@link ChatMessagesReader}, the routing members
 * {@code models}, {@code route} and {@code provider} by {@link RoutingMembers}, each in this same pass.
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
      if (f.messageCount == 0) { // the reader refuses an empty array, so this is a missing one
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
      case "messages" -> ChatMessagesReader.read(w, v, f);
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
      case "tools" -> f.toolCount = readTools(w, v, "tools", f);
      case "functions" -> f.functionCount = readTools(w, v, "functions", f);
      case "response_format" -> f.jsonSchema = isJsonSchema(w, v);
      // OpenRouter's routing members: read by the gateway, cut from the upstream body
      case "models" -> f.routing().readModels(w, v);
      case "route" -> f.routing().readRoute(w, v);
      case "provider" -> f.routing().readProvider(w, v);
      case "usage" -> f.routing().readUsage(w, v);
      case "max_cost" -> f.routing().readMaxCost(w, v);
      case "metadata" -> f.metadata = RequestTags.readMetadata(w, v);
      case "user" -> f.user = RequestTags.readUser(w, v);
      default -> w.skip(v);
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

  /**
   * {@code tools} or the legacy {@code functions}: an array of objects. Returns how many; their JSON as
   * written counts toward the prompt estimate (the provider renders them into the prompt).
   */
  private static int readTools(RequestWalker w, JsonToken v, String param, Fields f) throws IOException {
    if (v == JsonToken.VALUE_NULL) {
      return 0;
    }
    if (v != JsonToken.START_ARRAY) {
      throw invalidType(param, "an array", v);
    }
    int start = w.tokenStart();
    int count = 0;
    JsonToken t;
    while ((t = w.next()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.START_OBJECT) {
        throw invalidType(param + "[" + count + "]", "an object", t);
      }
      w.skip(t);
      count++;
    }
    f.toolsBytes += w.currentEnd() - start;
    return count;
  }

  /** Whether {@code response_format.type} is {@code json_schema}; any other shape is the provider's to judge. */
  private static boolean isJsonSchema(RequestWalker w, JsonToken v) throws IOException {
    if (v != JsonToken.START_OBJECT) {
      w.skip(v);
      return false;
    }
    boolean jsonSchema = false;
    while (w.next() == JsonToken.FIELD_NAME) {
      String name = w.name();
      JsonToken x = w.next();
      if (name.equals("type") && x == JsonToken.VALUE_STRING) {
        jsonSchema = w.text().equals("json_schema");
      } else {
        w.skip(x);
      }
    }
    return jsonSchema;
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
    boolean stream;
    boolean includeUsage;
    long maxTokens = -1;
    long maxCompletionTokens = -1;
    int toolCount;
    int functionCount;
    boolean jsonSchema;
    int messageCount;
    int messagesEnd; // offset of the ']' closing messages
    long textBytes; // message text as written: see ChatMessagesReader
    long toolsBytes; // tools and functions JSON as written
    boolean images;
    RoutingMembers routing; // null unless the body has models, route or provider
    int rootEnd;
    int streamOptionsStart = -1; // -1: no stream_options key
    int streamOptionsEnd;
    boolean streamOptionsIsNull;
    int streamOptionsMembers;
    int includeUsageStart = -1; // -1: no include_usage key
    int includeUsageEnd;

    java.util.Map<String, String> metadata = java.util.Map.of();
    String user;

    RoutingMembers routing() {
      if (routing == null) {
        routing = new RoutingMembers();
      }
      return routing;
    }

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
