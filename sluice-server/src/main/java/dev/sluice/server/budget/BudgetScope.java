package dev.sluice.server.budget;

import dev.sluice.server.admission.RequestScopes;
import dev.sluice.server.admission.ScopeType;
import java.util.Objects;

/**
 * What a budget applies to, written {@code type:id}: {@code team:ml}, {@code key:key_3f9a..},
 * {@code tag:cost_center=cc-42}. The id {@code *} means "each one separately" ({@code key:*} gives every key
 * its own budget); for tags, {@code tag:cost_center=*} gives every value of the tag its own.
 */
public record BudgetScope(ScopeType type, String id) {
  static final String EACH = "*";
  private static final int MAX_ID_LENGTH = 256;

  public BudgetScope {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(id, "id");
  }

  /**
   * Parses {@code type:id}; the id is everything after the first colon (model ids contain colons and slashes).
   *
   * @throws IllegalArgumentException with a message fit for the user when malformed
   */
  public static BudgetScope parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("A scope is required, written type:id (e.g. team:ml or key:*).");
    }
    int colon = text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("Malformed scope '" + text + "': write type:id, e.g. team:ml, key:key_3f9a"
          + " or tag:cost_center=cc-42.");
    }
    String typeName = text.substring(0, colon);
    ScopeType type = ScopeType.fromWireName(typeName);
    if (type == null) {
      throw new IllegalArgumentException("Unknown scope type '" + typeName + "' in '" + text + "': use one of "
          + String.join(", ", java.util.Arrays.stream(ScopeType.values()).map(ScopeType::wireName).toList()) + ".");
    }
    String id = text.substring(colon + 1);
    if (id.length() > MAX_ID_LENGTH || !id.chars().allMatch(c -> c > ' ' && c != 0x7f)) {
      throw new IllegalArgumentException("Malformed scope id in '" + text + "': at most " + MAX_ID_LENGTH
          + " characters, no spaces or control characters.");
    }
    if (type == ScopeType.TAG) {
      int eq = id.indexOf('=');
      if (eq <= 0 || eq == id.length() - 1) {
        throw new IllegalArgumentException("A tag scope is written tag:name=value (or tag:name=* for each value),"
            + " not '" + text + "'.");
      }
    }
    return new BudgetScope(type, id);
  }

  /** True when the budget is kept separately for each id of its type ({@code key:*}, {@code tag:name=*}). */
  public boolean isEach() {
    return id.equals(EACH) || (type == ScopeType.TAG && id.endsWith("=" + EACH));
  }

  /**
   * The scope id whose spend this budget counts for the request ({@code key_3f..}, {@code cost_center=cc-42}),
   * or null when the budget does not apply to it.
   */
  public String scopeIdFor(RequestScopes request) {
    String requestId = type.idIn(request, tagName());
    if (requestId == null) {
      return null;
    }
    return isEach() || requestId.equals(id) ? requestId : null;
  }

  /** The tag name of a tag scope, else null. */
  String tagName() {
    return type == ScopeType.TAG ? id.substring(0, id.indexOf('=')) : null;
  }

  /** As written: {@code team:ml}. */
  public String wire() {
    return type.wireName() + ":" + id;
  }

  @Override
  public String toString() {
    return wire();
  }
}
