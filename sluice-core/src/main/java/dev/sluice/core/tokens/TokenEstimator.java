package dev.sluice.core.tokens;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.Locale;

/**
 * Counts tokens Sluice has to estimate because the provider sent no usage (a stream cut short, an upstream
 * that omits it). Off the hot path: a reported count always wins, and the ledger marks an estimate as
 * {@link dev.sluice.core.model.UsageSource#ESTIMATED}.
 *
 * <ul>
 *   <li>OpenAI models get OpenAI's own BPE through jtokkit: {@code o200k_base} for {@code gpt-4o},
 *       {@code gpt-4.1}, {@code gpt-4.5}, {@code gpt-5}, {@code chatgpt-4o} and the o-series ({@code o1},
 *       {@code o3}, {@code o4-mini}, ...); {@code cl100k_base} for the older {@code gpt-4}, {@code gpt-3.5}
 *       (Azure spells it {@code gpt-35}) and {@code text-embedding-*}. Exact for the text itself; chat
 *       framing adds a few tokens per message that the caller may add.
 *   <li>Every other model: {@code ceil(UTF-8 bytes / 4)}. Anthropic, Google and the rest do not publish their
 *       tokenizers, and OpenAI's rule of thumb is about four characters of English per token. Counting bytes
 *       rather than characters errs high for non-Latin scripts (a CJK character is three bytes and usually
 *       one or two tokens), and an estimate that feeds budgets should err high rather than low.
 * </ul>
 *
 * <p>Thread-safe: the registry is built once, lazily, and jtokkit encodings are immutable.
 */
public final class TokenEstimator {
  private TokenEstimator() {}

  /** Tokens in {@code text} (null counts as empty) for {@code model} (null means "not OpenAI"). */
  public static long estimate(String text, String model) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    EncodingType type = encodingFor(model);
    if (type == null) {
      long bytes = utf8Length(text);
      return (bytes + 3) / 4;
    }
    // "ordinary": text that spells a special token such as <|endoftext|> counts as plain text, not an error
    Encoding encoding = type == EncodingType.O200K_BASE ? O200k.ENCODING : Cl100k.ENCODING;
    return encoding.countTokensOrdinary(text);
  }

  /** The OpenAI encoding for a model name, or null when the model is not an OpenAI one. */
  static EncodingType encodingFor(String model) {
    if (model == null) {
      return null;
    }
    String m = model.strip().toLowerCase(Locale.ROOT);
    int slash = m.lastIndexOf('/'); // "openai/gpt-4o" from a provider-qualified name
    if (slash >= 0) {
      m = m.substring(slash + 1);
    }
    if (m.startsWith("gpt-4o") || m.startsWith("gpt-4.1") || m.startsWith("gpt-4.5") || m.startsWith("gpt-5")
        || m.startsWith("chatgpt-4o") || m.startsWith("gpt-oss") || isOSeries(m)) {
      return EncodingType.O200K_BASE;
    }
    if (m.startsWith("gpt-4") || m.startsWith("gpt-3.5") || m.startsWith("gpt-35") || m.startsWith("text-embedding-")) {
      return EncodingType.CL100K_BASE;
    }
    return null;
  }

  /** {@code o1}, {@code o3-mini}, {@code o4-mini-2025-04-16}: "o", digits, then the end or a dash. */
  private static boolean isOSeries(String m) {
    if (m.length() < 2 || m.charAt(0) != 'o' || !Character.isDigit(m.charAt(1))) {
      return false;
    }
    int i = 1;
    while (i < m.length() && Character.isDigit(m.charAt(i))) {
      i++;
    }
    return i == m.length() || m.charAt(i) == '-';
  }

  private static long utf8Length(String text) {
    // counted, not encoded: no copy of a possibly large prompt
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3; // the rest of the BMP; a lone surrogate counts 3 too (as U+FFFD would), erring high
      }
    }
    return bytes;
  }

  /**
   * Holder idiom: each vocabulary loads on first use, once (class initialisation is thread-safe), and one
   * that is never asked for never loads; a lazy registry builds only what it is asked for.
   */
  private static final class Registry {
    static final EncodingRegistry INSTANCE = Encodings.newLazyEncodingRegistry();
  }

  private static final class O200k {
    static final Encoding ENCODING = Registry.INSTANCE.getEncoding(EncodingType.O200K_BASE);
  }

  private static final class Cl100k {
    static final Encoding ENCODING = Registry.INSTANCE.getEncoding(EncodingType.CL100K_BASE);
  }
}
