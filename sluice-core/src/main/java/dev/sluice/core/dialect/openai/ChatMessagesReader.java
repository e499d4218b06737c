package dev.sluice.core.dialect.openai;

import static dev.sluice.core.dialect.openai.InvalidParams.invalidType;

import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The {@code messages} array within {@link OpenAiChatRequestReader}'s pass: checked as OpenAI checks it
 * (roles, content shapes) and measured on the way for {@link OpenAiChatRequest#needs()}: how many messages,
 * how many bytes of text (string content, text parts, message names, tool call names and arguments), and
 * whether any content part is an image. Text is measured as written ({@link RequestWalker#measureString}),
 * never decoded, so measuring costs a few arithmetic steps per string; shapes the gateway does not
 * check are skipped, not rejected (they are the provider's business).
 */
final class ChatMessagesReader {
  private ChatMessagesReader() {}

  static void read(RequestWalker w, JsonToken v, OpenAiChatRequestReader.Fields f) throws IOException {
    if (v != JsonToken.START_ARRAY) {
      throw invalidType("messages", "an array", v);
    }
    int i = 0;
    JsonToken t;
    while ((t = w.next()) != JsonToken.END_ARRAY) {
      readMessage(w, t, i++, f);
    }
    if (i == 0) {
      throw InvalidParams.emptyArray("messages");
    }
    f.messageCount = i;
    f.messagesEnd = w.tokenStart();
    f.textBytes = w.measuredBytes();
  }

  private static void readMessage(RequestWalker w, JsonToken t, int i, OpenAiChatRequestReader.Fields f)
      throws IOException {
    if (t != JsonToken.START_OBJECT) {
      throw invalidType("messages[" + i + "]", "an object", t);
    }
    String role = null;
    JsonToken content = null;
    while (w.next() == JsonToken.FIELD_NAME) {
      String name = w.name();
      JsonToken v = w.next();
      switch (name) {
        case "role" -> role = readRole(w, v, i);
        case "content" -> {
          content = v;
          readContent(w, v, i, f);
        }
        case "name" -> measure(w, v);
        case "tool_calls" -> readToolCalls(w, v);
        case "function_call" -> readFunction(w, v);
        default -> w.skip(v);
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

  private static String readRole(RequestWalker w, JsonToken v, int i) throws IOException {
    if (v != JsonToken.VALUE_STRING) {
      throw invalidType("messages[" + i + "].role", "a string", v);
    }
    String role = w.text();
    if (!OpenAiChatRequest.ROLES.contains(role)) {
      throw InvalidParams.invalidValue("messages[" + i + "].role", role, OpenAiChatRequest.ROLES);
    }
    return role;
  }

  private static void readContent(RequestWalker w, JsonToken v, int i, OpenAiChatRequestReader.Fields f)
      throws IOException {
    if (v == JsonToken.VALUE_STRING || v == JsonToken.VALUE_NULL) {
      measure(w, v);
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
      readPart(w, f);
      j++;
    }
  }

  /** One content part: its {@code text} is measured; {@code image_url} (Chat) or {@code input_image} is an image. */
  private static void readPart(RequestWalker w, OpenAiChatRequestReader.Fields f) throws IOException {
    while (w.next() == JsonToken.FIELD_NAME) {
      String name = w.name();
      JsonToken v = w.next();
      if (name.equals("text")) {
        measure(w, v);
      } else if (name.equals("type") && v == JsonToken.VALUE_STRING) {
        String type = w.text();
        f.images |= type.equals("image_url") || type.equals("input_image");
      } else {
        w.skip(v);
      }
    }
  }

  /** {@code [{"id":..,"type":"function","function":{"name":..,"arguments":..}}]}: names and arguments count. */
  private static void readToolCalls(RequestWalker w, JsonToken v) throws IOException {
    if (v != JsonToken.START_ARRAY) {
      w.skip(v);
      return;
    }
    JsonToken call;
    while ((call = w.next()) != JsonToken.END_ARRAY) {
      if (call != JsonToken.START_OBJECT) {
        w.skip(call);
        continue;
      }
      while (w.next() == JsonToken.FIELD_NAME) {
        String name = w.name();
        JsonToken x = w.next();
        if (name.equals("function")) {
          readFunction(w, x);
        } else {
          w.skip(x);
        }
      }
    }
  }

  /** A call's {@code function} object, or a legacy {@code function_call}: its name and arguments count. */
  private static void readFunction(RequestWalker w, JsonToken v) throws IOException {
    if (v != JsonToken.START_OBJECT) {
      w.skip(v);
      return;
    }
    while (w.next() == JsonToken.FIELD_NAME) {
      String name = w.name();
      JsonToken x = w.next();
      if (name.equals("name") || name.equals("arguments")) {
        measure(w, x);
      } else {
        w.skip(x);
      }
    }
  }

  /** Adds a string's length as written to the text count; skips any value. */
  private static void measure(RequestWalker w, JsonToken v) throws IOException {
    if (v == JsonToken.VALUE_STRING) {
      w.measureString();
    }
    w.skip(v);
  }
}
