package dev.sluice.server.admission;

import dev.sluice.core.error.GatewayException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code x-sluice-tags} header: comma-separated {@code name=value} pairs (e.g.
 * {@code cost_center=cc-42, project=search}) that budgets, limits and the ledger key on, alongside the
 * request's {@code metadata}. Bounded like metadata: at most 16 pairs, names up to 64 characters and
 * values up to 512, names of letters, digits, {@code _ - .}; a malformed header is a 400, never ignored.
 */
public final class TagsHeader {
  public static final String NAME = "x-sluice-tags";
  static final int MAX_PAIRS = 16;

  private TagsHeader() {}

  /** The request's tags: the header's pairs over the body's metadata (the header wins on a clash). */
  public static Map<String, String> merge(Map<String, String> metadata, String header) {
    if (header == null || header.isBlank()) {
      return metadata;
    }
    Map<String, String> tags = new LinkedHashMap<>(metadata);
    for (String pair : header.split(",")) {
      String trimmed = pair.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      int eq = trimmed.indexOf('=');
      if (eq <= 0) {
        throw invalid("'" + abbreviate(trimmed) + "' is not name=value");
      }
      String name = trimmed.substring(0, eq).trim();
      String value = trimmed.substring(eq + 1).trim();
      if (name.length() > 64 || !name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-'
          || c == '.')) {
        throw invalid("tag name '" + abbreviate(name) + "' must be up to 64 letters, digits, '_', '-' or '.'");
      }
      if (value.length() > 512) {
        throw invalid("the value of tag '" + name + "' is longer than 512 characters");
      }
      tags.put(name, value);
    }
    if (tags.size() > MAX_PAIRS) {
      throw invalid("more than " + MAX_PAIRS + " tags");
    }
    return Map.copyOf(tags);
  }

  private static GatewayException invalid(String why) {
    return GatewayException.invalidRequest("Invalid " + NAME + " header: " + why + ".", NAME);
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
