package dev.sluice.core.dialect.openai;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Cheap looks into a chunk's JSON text without parsing it, so the stream relay parses only the rare chunk
 * that needs it (the usage chunk, an error).
 *
 * <p>Why a plain search for {@code "key"} followed by {@code :} is sound: inside a JSON string every quote is
 * escaped, so an unescaped {@code "key"} followed by a colon can only be a member name. It may be a nested
 * member of the same name; callers that act on a match confirm it with a real parse, and the others
 * ({@code finish_reason}, content detection) only read names OpenAI uses for exactly that meaning.
 */
final class ChunkScan {
  private ChunkScan() {}

  /**
   * Index of the first character of the value of the first member named {@code quotedKey} (quotes
   * included) at or after {@code from}, or -1.
   */
  static int valueAfterKey(String s, String quotedKey, int from) {
    int at = s.indexOf(quotedKey, from);
    while (at >= 0) {
      int i = skipSpace(s, at + quotedKey.length());
      if (i < s.length() && s.charAt(i) == ':') {
        i = skipSpace(s, i + 1);
        return i < s.length() ? i : -1;
      }
      at = s.indexOf(quotedKey, at + 1);
    }
    return -1;
  }

  /** True when some member named {@code quotedKey} has a value starting with {@code first}. */
  static boolean hasValueStartingWith(String s, String quotedKey, char first) {
    int v = valueAfterKey(s, quotedKey, 0);
    while (v >= 0) {
      if (s.charAt(v) == first) {
        return true;
      }
      v = valueAfterKey(s, quotedKey, v);
    }
    return false;
  }

  /** True when some member named {@code quotedKey} is a non-empty string. */
  static boolean hasNonEmptyString(String s, String quotedKey) {
    int v = valueAfterKey(s, quotedKey, 0);
    while (v >= 0) {
      if (s.charAt(v) == '"' && v + 1 < s.length() && s.charAt(v + 1) != '"') {
        return true;
      }
      v = valueAfterKey(s, quotedKey, v);
    }
    return false;
  }

  /** True when some member named {@code quotedKey} is a non-empty array. */
  static boolean hasNonEmptyArray(String s, String quotedKey) {
    int v = valueAfterKey(s, quotedKey, 0);
    while (v >= 0) {
      if (s.charAt(v) == '[') {
        int next = skipSpace(s, v + 1);
        if (next < s.length() && s.charAt(next) != ']') {
          return true;
        }
      }
      v = valueAfterKey(s, quotedKey, v);
    }
    return false;
  }

  /** True when the object's first member is named {@code quotedKey}: how error events look. O(1). */
  static boolean startsWithKey(String s, String quotedKey) {
    int i = skipSpace(s, 0);
    if (i >= s.length() || s.charAt(i) != '{') {
      return false;
    }
    i = skipSpace(s, i + 1);
    if (!s.startsWith(quotedKey, i)) {
      return false;
    }
    i = skipSpace(s, i + quotedKey.length());
    return i < s.length() && s.charAt(i) == ':';
  }

  /**
   * The last non-null string value of members named {@code quotedKey}, or null. Plain values are cut out
   * directly; one with escapes (never seen for the identifiers this reads) is decoded by Jackson.
   */
  static String lastStringValue(String s, String quotedKey) {
    String last = null;
    int v = valueAfterKey(s, quotedKey, 0);
    while (v >= 0) {
      if (s.charAt(v) == '"') {
        boolean escaped = false;
        int end = -1;
        for (int i = v + 1; i < s.length(); i++) {
          char c = s.charAt(i);
          if (c == '\\') {
            escaped = true;
            i++;
          } else if (c == '"') {
            end = i;
            break;
          }
        }
        if (end < 0) {
          return last; // unterminated: not JSON
        }
        last = escaped ? decode(s.substring(v, end + 1)) : s.substring(v + 1, end);
        v = end;
      }
      v = valueAfterKey(s, quotedKey, v + 1);
    }
    return last;
  }

  private static String decode(String jsonString) {
    try {
      return OpenAiJson.UPSTREAM.readValue(jsonString, String.class);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return i;
      }
      i++;
    }
    return i;
  }
}
