package dev.sluice.server.limit;

import dev.sluice.server.admission.ScopeType;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Who a limit applies to, written {@code type:id}: {@code key:key_3f..}, {@code team:ml},
 * {@code model:openai/gpt-4o}, {@code tag:cost_center=cc-42}. An id of {@code *} (for a tag,
 * {@code name=*}) means "each": every key, every team, every value of the tag gets its own counter.
 */
public record LimitScope(ScopeType type, String id) {
  static final String EACH = "*";
  private static final int MAX_ID_LENGTH = 256;

  public LimitScope {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(id, "id");
  }

  /**
   * Parses {@code type:id}.
   *
   * @throws IllegalArgumentException with a message fit for the person who wrote the scope
   */
  public static LimitScope parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("scope is required, written type:id (e.g. team:ml or key:key_3f..)");
    }
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("scope \"" + text + "\" is not of the form type:id (e.g. team:ml)");
    }
    String typeName = text.substring(0, colon);
    ScopeType type = ScopeType.fromWireName(typeName);
    if (type == null) {
      throw new IllegalArgumentException("scope type \"" + typeName + "\" is unknown; use one of " + typeNames());
    }
    String id = text.substring(colon + 1);
    checkId(type, id);
    return new LimitScope(type, id);
  }

  /** True when the scope stands for each id of its type rather than one. */
  public boolean isEach() {
    return type == ScopeType.TAG ? id.endsWith("=" + EACH) : id.equals(EACH);
  }

  /** The tag name of a tag scope ({@code cost_center} in {@code tag:cost_center=cc-42}), else null. */
  public String tagName() {
    return type == ScopeType.TAG ? id.substring(0, id.indexOf('=')) : null;
  }

  @Override
  public String toString() {
    return type.wireName() + ":" + id;
  }

  private static void checkId(ScopeType type, String id) {
    if (id.isEmpty()) {
      throw new IllegalArgumentException("scope id is empty; write " + type.wireName() + ":<id>, or "
          + type.wireName() + ":* for each " + type.wireName());
    }
    if (id.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException("scope id is longer than " + MAX_ID_LENGTH + " characters");
    }
    if (id.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      throw new IllegalArgumentException("scope id \"" + id + "\" contains whitespace or control characters");
    }
    switch (type) {
      case KEY -> {
        if (id.startsWith("sk-")) {
          // Someone pasted the secret itself: refuse, and never echo it back.
          throw new IllegalArgumentException("that is a secret key, not a key id; use the key's id (key_...)"
              + " as 'sluice keys list' shows it");
        }
        if (!id.equals(EACH) && !id.startsWith("key_")) {
          throw new IllegalArgumentException("key id \"" + id + "\" does not start with key_; use the id"
              + " 'sluice keys list' shows, or key:* for each key");
        }
      }
      case TAG -> {
        int eq = id.indexOf('=');
        if (eq <= 0 || eq == id.length() - 1) {
          throw new IllegalArgumentException("tag scope \"" + id + "\" is not of the form name=value"
              + " (e.g. tag:cost_center=cc-42, or tag:cost_center=* for each value)");
        }
      }
      case USER, TEAM, ORG, MODEL -> { }
    }
  }

  private static String typeNames() {
    return Arrays.stream(ScopeType.values()).map(ScopeType::wireName).collect(Collectors.joining(", "));
  }
}
