package dev.sluice.server.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Checks and normalizes a provider's base URL. Request paths are appended to it ({@code /chat/completions}),
 * so it must be absolute http(s) with no query or fragment, and a trailing slash is dropped to avoid "//".
 */
final class BaseUrls {

  static final String FIX = "use a URL such as https://api.openai.com/v1";

  private BaseUrls() {}

  /** The normalized URL; IllegalArgumentException with a user-facing message when unusable. */
  static String normalize(String raw) {
    String s = raw.strip();
    URI uri;
    try {
      uri = new URI(s);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("\"" + raw + "\" is not a valid URL (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("\"" + raw + "\" is not an http(s) URL");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("\"" + raw + "\" has no host name");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("\"" + raw + "\" must not have a query (?...) or fragment (#...)");
    }
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }
}
