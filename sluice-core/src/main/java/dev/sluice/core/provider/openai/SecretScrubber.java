package dev.sluice.core.provider.openai;

/**
 * Removes credential-looking tokens from provider messages before they reach a caller or a log:
 * {@code sk-...}, {@code sk-proj-...}, {@code sk-ant-...}, {@code gsk_...}, {@code xai-...}, {@code AKIA...}
 * and long bearer-like runs. A hand scanner instead of a regex: it runs on every relayed error and must be
 * linear on hostile input.
 */
final class SecretScrubber {
  static final String REDACTED = "[redacted]";
  private static final String[] PREFIXES = {"sk-", "sk_", "gsk_", "xai-", "rk-", "pk-", "AKIA", "ASIA", "AIza"};
  /** A run of token characters this long is treated as a secret even without a known prefix. */
  private static final int LONG_TOKEN = 40;

  private SecretScrubber() {}

  static String scrub(String message) {
    if (message == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(message.length());
    int i = 0;
    int n = message.length();
    while (i < n) {
      if (!isTokenChar(message.charAt(i))) {
        out.append(message.charAt(i++));
        continue;
      }
      int end = i;
      while (end < n && isTokenChar(message.charAt(end))) {
        end++;
      }
      String token = message.substring(i, end);
      out.append(looksSecret(token) ? REDACTED : token);
      i = end;
    }
    return out.toString();
  }

  private static boolean looksSecret(String token) {
    if (token.length() >= LONG_TOKEN) {
      return true;
    }
    for (String prefix : PREFIXES) {
      if (token.length() > prefix.length() + 2 && token.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isTokenChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
        || c == '*' || c == '.';
  }
}
