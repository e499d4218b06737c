package dev.sluice.testkit;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A deterministic model of Anthropic prompt caching, enough for a gateway to see both cache fields move. The real
 * cache "checks for cache hits at [each breakpoint]" and writes the prefix up to the last one; so here:
 * <ul>
 *   <li>every block with {@code cache_control} ends a prefix, keyed by the model name and the blocks' content
 *       (without the markers) in {@link FakeAnthropicPrompt} order;
 *   <li>{@code cache_read_input_tokens} = the tokens of the longest such prefix this fake has seen before;
 *   <li>{@code cache_creation_input_tokens} = the tokens from there to the last breakpoint (all of it the first
 *       time), reported under {@code ephemeral_1h_input_tokens} when the last breakpoint asks
 *       {@code "ttl": "1h"}, else {@code ephemeral_5m_input_tokens};
 *   <li>{@code input_tokens} = only the tokens after the last breakpoint, as upstream reports it (its
 *       {@code input_tokens} excludes both cache counts); without any breakpoint, the whole prompt.
 * </ul>
 * Unlike upstream there is no minimum cacheable length (1024 tokens for most models) and no expiry, so tests can
 * use short prompts: entries live as long as the fake, or until {@link #clear()}. Only answered requests write.
 * Safe from any thread.
 */
final class FakeAnthropicPromptCache {
  /** Bounds the remembered prefixes so a long benchmark cannot exhaust the heap; far above any test's needs. */
  static final int MAX_ENTRIES = 100_000;

  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  /**
   * Token counts as upstream reports them.
   *
   * @param oneHour whether {@code cacheCreationTokens} go under {@code ephemeral_1h_input_tokens}
   */
  record Usage(int inputTokens, int cacheCreationTokens, int cacheReadTokens, boolean oneHour) {}

  /** The usage for answering {@code prompt}, remembering its prefixes for the next request. */
  Usage answer(String model, FakeAnthropicPrompt prompt) {
    int total = prompt.tokens();
    List<FakeAnthropicPrompt.Breakpoint> breakpoints = prompt.breakpoints(model);
    if (breakpoints.isEmpty()) {
      return new Usage(total, 0, 0, false);
    }
    int read = 0;
    for (FakeAnthropicPrompt.Breakpoint breakpoint : breakpoints) {
      if (seen.contains(breakpoint.key())) {
        read = breakpoint.tokens(); // shortest first, so the last hit is the longest
      }
    }
    if (seen.size() > MAX_ENTRIES) {
      seen.clear(); // a crude eviction: a benchmark only sees a few misses more
    }
    for (FakeAnthropicPrompt.Breakpoint breakpoint : breakpoints) {
      seen.add(breakpoint.key());
    }
    FakeAnthropicPrompt.Breakpoint last = breakpoints.get(breakpoints.size() - 1);
    return new Usage(Math.max(0, total - last.tokens()), last.tokens() - read, read, last.ttl().equals("1h"));
  }

  void clear() {
    seen.clear();
  }
}
