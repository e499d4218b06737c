package dev.sluice.server.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds cycles among aliases through their fallbacks ({@code smart -> cheap -> smart}): a request would fall
 * back round them forever. Pure graph code, kept apart from the reading of {@code models:}.
 */
final class AliasCycles {

  private AliasCycles() {}

  /**
   * Cycles, at least one in every group of aliases that fall back round each other (fixing it shows the next,
   * if any). Each is closed ({@code [smart, cheap, smart]}) and starts at the member that comes first in
   * {@code fallbacks}' iteration order (file order), so it is reported once and at a stable place. Names in
   * the lists that are not keys (provider/model names) are ends, not nodes.
   *
   * @param fallbacks each alias's fallbacks in order, in file order of the aliases
   */
  static List<List<String>> find(Map<String, List<String>> fallbacks) {
    Map<String, Integer> order = new HashMap<>();
    for (String alias : fallbacks.keySet()) {
      order.put(alias, order.size());
    }
    Set<List<String>> found = new LinkedHashSet<>();
    Set<String> done = new HashSet<>();
    for (String alias : fallbacks.keySet()) {
      visit(alias, fallbacks, order, new ArrayList<>(), done, found);
    }
    return List.copyOf(found);
  }

  private static void visit(String alias, Map<String, List<String>> fallbacks, Map<String, Integer> order,
      List<String> path, Set<String> done, Set<List<String>> found) {
    if (done.contains(alias)) {
      return;
    }
    int at = path.indexOf(alias);
    if (at >= 0) {
      found.add(rotate(path.subList(at, path.size()), order));
      return;
    }
    path.add(alias);
    for (String next : fallbacks.get(alias)) {
      if (fallbacks.containsKey(next)) {
        visit(next, fallbacks, order, path, done, found);
      }
    }
    path.remove(path.size() - 1);
    done.add(alias); // explored: another visit would only find cycles already reported through it
  }

  private static List<String> rotate(List<String> cycle, Map<String, Integer> order) {
    int start = 0;
    for (int i = 1; i < cycle.size(); i++) {
      if (order.get(cycle.get(i)) < order.get(cycle.get(start))) {
        start = i;
      }
    }
    List<String> out = new ArrayList<>(cycle.subList(start, cycle.size()));
    out.addAll(cycle.subList(0, start));
    out.add(out.get(0));
    return out;
  }
}
