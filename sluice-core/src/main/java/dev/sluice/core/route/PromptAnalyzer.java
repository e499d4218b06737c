package dev.sluice.core.route;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the features the auto router decides on from a prompt's text: code, reasoning cues, and the
 * dominant writing system. Heuristics on purpose: offline, deterministic, and cheap enough for every request.
 *
 * <p>Linear time, bounded work: a prompt longer than 128 Ki chars is read as its first and last 64 Ki chars
 * (instructions tend to sit at the start, the question at the end; the middle of a huge prompt is usually a
 * pasted document that would only dilute the signals).
 */
public final class PromptAnalyzer {
  static final int WINDOW_CHARS = 64 * 1024;

  /** Code-like lines needed without a fence: one could be prose ("Note: see below;"), three rarely are. */
  private static final int CODE_LINES = 3;

  private static final String[] CODE_LINE_STARTS = {
      "def ", "class ", "import ", "#include", "function ", "public ", "private ", "fn ", "func ", "package ",
      "const ", "let ", "var ", "return "};

  /**
   * Reasoning cues, matched as whole lowercase words. Kept short: each one is a request asking for an
   * argument rather than a fact; "reason" over-matches ("the reason is") and is kept because such prompts
   * usually want an explanation anyway.
   */
  private static final Set<String> CUE_WORDS = Set.of(
      "prove", "proof", "derive", "derivation", "reason", "reasoning", "justify", "deduce", "theorem", "lemma");
  private static final Set<String> CUE_PAIRS = Set.of(
      "think carefully", "why does", "why do", "why is", "explain why", "show that", "think through");
  private static final Set<String> CUE_TRIPLES = Set.of("step by step");

  private PromptAnalyzer() {}

  public static PromptFeatures analyze(String promptText, long promptTokens, boolean images, boolean tools) {
    String text = window(promptText == null ? "" : promptText);
    return new PromptFeatures(promptTokens, looksLikeCode(text), images, tools, hasReasoningCue(text),
        dominantScript(text));
  }

  /** The first and last {@link #WINDOW_CHARS} of a long text, joined by a newline so no word or line merges. */
  static String window(String text) {
    if (text.length() <= 2 * WINDOW_CHARS) {
      return text;
    }
    return text.substring(0, WINDOW_CHARS) + "\n" + text.substring(text.length() - WINDOW_CHARS);
  }

  static boolean looksLikeCode(String text) {
    if (text.contains("```")) {
      return true;
    }
    int codeLines = 0;
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      if (isCodeLine(text.substring(start, end).strip()) && ++codeLines >= CODE_LINES) {
        return true;
      }
      start = end + 1;
    }
    return false;
  }

  private static boolean isCodeLine(String line) {
    if (line.isEmpty()) {
      return false;
    }
    if (line.endsWith(";") || line.endsWith("{") || line.contains("=>")) {
      return true;
    }
    for (String s : CODE_LINE_STARTS) {
      if (line.startsWith(s)) {
        return true;
      }
    }
    return false;
  }

  /** One pass over lowercase words (letters and digits): each word, and the two- and three-word runs ending there. */
  static boolean hasReasoningCue(String text) {
    String previous = "";
    String beforePrevious = "";
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      if (!Character.isLetterOrDigit(cp)) {
        i += Character.charCount(cp);
        continue;
      }
      int start = i;
      while (i < text.length() && Character.isLetterOrDigit(text.codePointAt(i))) {
        i += Character.charCount(text.codePointAt(i));
      }
      String word = text.substring(start, i).toLowerCase(Locale.ROOT);
      if (CUE_WORDS.contains(word)
          || CUE_PAIRS.contains(previous + " " + word)
          || CUE_TRIPLES.contains(beforePrevious + " " + previous + " " + word)) {
        return true;
      }
      beforePrevious = previous;
      previous = word;
    }
    return false;
  }

  /** The script with the most letters, by the names {@link PromptFeatures#script()} documents; "latin" when none. */
  static String dominantScript(String text) {
    Map<Character.UnicodeScript, Integer> counts = new EnumMap<>(Character.UnicodeScript.class);
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isLetter(cp)) {
        counts.merge(Character.UnicodeScript.of(cp), 1, Integer::sum);
      }
    }
    Map<String, Integer> byName = new LinkedHashMap<>();
    counts.forEach((script, n) -> byName.merge(scriptName(script), n, Integer::sum));
    String best = "latin";
    int bestCount = 0;
    for (Map.Entry<String, Integer> e : byName.entrySet()) {
      if (e.getValue() > bestCount) {
        best = e.getKey();
        bestCount = e.getValue();
      }
    }
    return best;
  }

  private static String scriptName(Character.UnicodeScript script) {
    return switch (script) {
      case LATIN -> "latin";
      case CYRILLIC -> "cyrillic";
      case GREEK -> "greek";
      case ARABIC -> "arabic";
      case HEBREW -> "hebrew";
      case DEVANAGARI -> "devanagari";
      case HAN, HIRAGANA, KATAKANA, HANGUL -> "cjk";
      case THAI -> "thai";
      default -> "other";
    };
  }
}
