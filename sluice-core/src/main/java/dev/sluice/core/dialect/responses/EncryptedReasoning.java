package dev.sluice.core.dialect.responses;

import dev.sluice.core.canonical.Part;

/**
 * How a canonical {@link Part.Reasoning}'s opaque data rides in a reasoning item's {@code encrypted_content},
 * so a caller that sends the item back in its next {@code input} (as the Responses API asks of stateless
 * callers) gives the provider its thinking signature or redacted reasoning unchanged (Anthropic refuses a
 * tool-use turn whose thinking block lost its signature).
 *
 * <p>A signature is carried as is; redacted reasoning gets a {@value #REDACTED_PREFIX} prefix so the two
 * stay apart on the way back (signatures are base64, which has no colon). Content we did not write (a real
 * OpenAI {@code encrypted_content}) decodes as a signature: opaque data for whoever produced it. A part
 * with both a signature and redacted data (no provider sends one) keeps the signature.
 */
final class EncryptedReasoning {
  static final String REDACTED_PREFIX = "redacted:";

  private EncryptedReasoning() {}

  /** The {@code encrypted_content} for a reasoning part, or null when it has no opaque data. */
  static String encode(String signature, String redacted) {
    if (signature != null) {
      return signature;
    }
    return redacted == null ? null : REDACTED_PREFIX + redacted;
  }

  /** The canonical part for a reasoning item's text and content, or null when the item carries nothing. */
  static Part.Reasoning decode(String text, String encryptedContent) {
    String t = text == null || text.isEmpty() ? null : text;
    if (encryptedContent == null || encryptedContent.isEmpty()) {
      return t == null ? null : new Part.Reasoning(t, null, null);
    }
    if (encryptedContent.startsWith(REDACTED_PREFIX)) {
      return new Part.Reasoning(t, null, encryptedContent.substring(REDACTED_PREFIX.length()));
    }
    return new Part.Reasoning(t, encryptedContent, null);
  }
}
