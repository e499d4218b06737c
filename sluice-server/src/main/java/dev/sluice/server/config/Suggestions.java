package dev.sluice.server.config;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean" for misspelt keys and names: the closest candidate by edit distance, if close enough. */
final class Suggestions {

  private Suggestions() {}

  /** The closest candidate, or null when none is plausibly what was meant. */
  static String closest(String input, Collection<String> candidates) {
    String in = normalize(input);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      String c = normalize(candidate);
      int d = distance(in, c);
      // short words tolerate one slip, longer ones two or three; beyond that a suggestion is noise
      int allowed = c.length() <= 4 ? 1 : c.length() <= 8 ? 2 : 3;
      if (d <= allowed && d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best;
  }

  /** " (did you mean \"x\"?)" or "" — ready to append to a message. */
  static String didYouMean(String input, Collection<String> candidates) {
    String s = closest(input, candidates);
    return s == null ? "" : " (did you mean \"" + s + "\"?)";
  }

  // baseUrl, base-url and BASE_URL all mean base_url: compare without case and separators
  private static String normalize(String s) {
    return s.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "").replace(" ", "");
  }

  /** Optimal string alignment distance: Levenshtein plus adjacent transpositions ("prtoocol"). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
