package dev.sluice.server.admission;

import java.util.Locale;

/**
 * What a budget or limit applies to. A scope is written {@code type:id} ({@code key:key_3f..},
 * {@code team:ml}, {@code tag:cost_center=cc-42}, {@code model:openai/gpt-4o}).
 */
public enum ScopeType {
  KEY, USER, TEAM, ORG, MODEL, TAG;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The scope type for a wire name such as "team", or null. */
  public static ScopeType fromWireName(String name) {
    for (ScopeType t : values()) {
      if (t.wireName().equals(name)) {
        return t;
      }
    }
    return null;
  }

  /** The id this request has for this scope type (a tag scope id is {@code name=value}), or null. */
  public String idIn(RequestScopes scopes, String tagName) {
    return switch (this) {
      case KEY -> scopes.keyId();
      case USER -> scopes.user();
      case TEAM -> scopes.team();
      case ORG -> scopes.org();
      case MODEL -> scopes.model();
      case TAG -> scopes.tags().containsKey(tagName) ? tagName + "=" + scopes.tags().get(tagName) : null;
    };
  }
}
