package dev.sluice.core.dialect.openai;

import static dev.sluice.core.dialect.openai.InvalidParams.invalidType;

import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OpenAI's {@code metadata} (up to 16 string pairs, keys up to 64 characters, values up to 512) and
 * {@code user} members: passed through to the provider unchanged, and read here because budgets, limits and
 * the ledger key on them (a cost centre in {@code metadata}, the end user in {@code user}).
 */
final class RequestTags {
  static final int MAX_PAIRS = 16;
  static final int MAX_KEY = 64;
  static final int MAX_VALUE = 512;
  static final int MAX_USER = 256;

  private RequestTags() {}

  static Map<String, String> readMetadata(RequestWalker w, JsonToken v) throws IOException {
    if (v == JsonToken.VALUE_NULL) {
      return Map.of();
    }
    if (v != JsonToken.START_OBJECT) {
      throw invalidType("metadata", "an object", v);
    }
    Map<String, String> tags = new LinkedHashMap<>();
    while (w.next() == JsonToken.FIELD_NAME) {
      String key = w.name();
      JsonToken value = w.next();
      String param = "metadata." + key;
      if (value != JsonToken.VALUE_STRING) {
        throw invalidType(param, "a string", value);
      }
      if (key.length() > MAX_KEY) {
        throw InvalidParams.aboveMax("metadata", MAX_KEY, key.length() + " characters in a key");
      }
      String text = w.text();
      if (text.length() > MAX_VALUE) {
        throw InvalidParams.aboveMax(param, MAX_VALUE, text.length() + " characters");
      }
      tags.put(key, text);
      if (tags.size() > MAX_PAIRS) {
        throw InvalidParams.aboveMax("metadata", MAX_PAIRS, "more pairs");
      }
    }
    return Map.copyOf(tags);
  }

  static String readUser(RequestWalker w, JsonToken v) throws IOException {
    if (v == JsonToken.VALUE_NULL) {
      return null;
    }
    if (v != JsonToken.VALUE_STRING) {
      throw invalidType("user", "a string", v);
    }
    String user = w.text();
    if (user.length() > MAX_USER) {
      throw InvalidParams.aboveMax("user", MAX_USER, user.length() + " characters");
    }
    return user.isEmpty() ? null : user;
  }
}
