package dev.sluice.server.limit;

import dev.sluice.server.admission.RequestScopes;
import dev.sluice.server.admission.ScopeType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of one load, indexed for the hot path: exact scopes by {@code type:id}, "each" scopes in a
 * list (few). Immutable; a reload builds a new index.
 */
final class RuleIndex {
  static final RuleIndex EMPTY = new RuleIndex(List.of());

  /** Rules of one kind are taken together; rpm first (cheapest to roll back), concurrency last. */
  private static final Comparator<Applied> ORDER =
      Comparator.comparing((Applied a) -> a.rule().kind()).thenComparing(a -> a.rule().id());

  /**
   * A rule as it applies to one request.
   *
   * @param label the concrete scope, {@code team:ml} even for a {@code team:*} rule
   * @param bucketKey the counter: the rule's id, plus the concrete id for an "each" rule
   */
  record Applied(LimitRule rule, String label, String bucketKey) {
    String describe() {
      return label + " " + rule.kind().wireName() + " " + rule.limit();
    }
  }

  /** {@code ScopeType.values()} copies its array on every call; this is the hot path. */
  private static final ScopeType[] SCOPE_TYPES = ScopeType.values();

  private final List<LimitRule> rules;
  private final Map<String, List<LimitRule>> exact = new HashMap<>();
  private final List<LimitRule> each = new ArrayList<>();

  RuleIndex(List<LimitRule> rules) {
    this.rules = List.copyOf(rules);
    for (LimitRule rule : this.rules) {
      if (rule.scope().isEach()) {
        each.add(rule);
      } else {
        exact.computeIfAbsent(rule.scope().toString(), k -> new ArrayList<>()).add(rule);
      }
    }
  }

  List<LimitRule> rules() {
    return rules;
  }

  /** Every rule that applies to the request, in taking order. */
  List<Applied> applying(RequestScopes scopes) {
    if (rules.isEmpty()) {
      return List.of();
    }
    List<Applied> applied = new ArrayList<>();
    if (!exact.isEmpty()) {
      for (ScopeType type : SCOPE_TYPES) {
        if (type == ScopeType.TAG) {
          for (Map.Entry<String, String> tag : scopes.tags().entrySet()) {
            addExact(applied, "tag:" + tag.getKey() + "=" + tag.getValue());
          }
        } else {
          String id = type.idIn(scopes, null);
          if (id != null) {
            addExact(applied, type.wireName() + ":" + id);
          }
        }
      }
    }
    for (LimitRule rule : each) {
      String id = rule.scope().type().idIn(scopes, rule.scope().tagName());
      if (id != null) {
        applied.add(new Applied(rule, rule.scope().type().wireName() + ":" + id, rule.id() + "|" + id));
      }
    }
    applied.sort(ORDER);
    return applied;
  }

  private void addExact(List<Applied> applied, String label) {
    List<LimitRule> matching = exact.get(label);
    if (matching != null) {
      for (LimitRule rule : matching) {
        applied.add(new Applied(rule, label, rule.id()));
      }
    }
  }
}
