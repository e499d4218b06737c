package dev.sluice.core.route;

/**
 * What the auto router reads from a prompt; extracted by {@link PromptAnalyzer} from the request.
 *
 * @param script the dominant writing system of the prompt's letters: "latin", "cyrillic", "greek",
 *     "arabic", "hebrew", "devanagari", "cjk" (Han, Hiragana, Katakana, Hangul), "thai" or "other"
 */
public record PromptFeatures(
    long promptTokens, boolean code, boolean images, boolean tools, boolean reasoning, String script) {}
