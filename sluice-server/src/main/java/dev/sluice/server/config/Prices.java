package dev.sluice.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.price.Price;
import dev.sluice.core.route.ProviderPreferences;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Prices in configuration: US dollars per million tokens, written as decimal text ({@code "0.15"}) or a
 * number ({@code 0.15}), kept as integer micro-dollars per million tokens ({@code 150000}). The arithmetic is
 * exact decimal: a price that is not a whole number of micro-dollars is refused, never rounded.
 *
 * <p>A deployment's {@code price:} needs {@code input} and {@code output}; it may add {@code cached_input}
 * (cache reads; default: the input price), {@code cache_write} (default: the input price), {@code reasoning}
 * (default: the output price), all per million tokens, and {@code per_request} and {@code per_image} in US
 * dollars per call and per image (default 0), with the same decimal rules.
 */
final class Prices {

  static final String FORMAT = "write US dollars per million tokens with at most 6 decimal places, e.g. \"0.15\"";
  static final String PER_ITEM_FORMAT = "write US dollars with at most 6 decimal places, e.g. \"0.04\"";
  private static final String PER_MTOK = "dollars per million tokens";
  private static final String PER_ITEM = "dollars each";
  /** Far above any list price today; keeps cost arithmetic (tokens x price) well inside a long. */
  static final BigDecimal MAX_USD = BigDecimal.valueOf(100_000);
  static final List<String> PRICE_KEYS = List.of("input", "output", "cached_input", "cache_write", "reasoning",
      "per_request", "per_image");
  static final List<String> MAX_PRICE_KEYS = List.of("prompt", "completion");

  private static final Pattern DECIMAL = Pattern.compile("\\d+(\\.\\d+)?|\\.\\d+");
  private static final int MICROS = 6;

  private Prices() {}

  /** Micro-dollars for decimal text such as "3.00"; IllegalArgumentException with a user-facing message. */
  static long parse(String text) {
    return parse(text, PER_MTOK);
  }

  private static long parse(String text, String unit) {
    String s = text.strip();
    if (s.startsWith("-") && DECIMAL.matcher(s.substring(1)).matches()) {
      throw new IllegalArgumentException("\"" + s + "\" is negative; a price is 0 or more");
    }
    if (!DECIMAL.matcher(s).matches()) {
      throw new IllegalArgumentException("\"" + s + "\" is not a price");
    }
    return micros(new BigDecimal(s), s, unit);
  }

  /** Micro-dollars for an amount of US dollars; {@code written} is how it appeared, for messages. */
  static long micros(BigDecimal usd, String written) {
    return micros(usd, written, PER_MTOK);
  }

  private static long micros(BigDecimal usd, String written, String unit) {
    if (usd.signum() < 0) {
      throw new IllegalArgumentException("\"" + written + "\" is negative; a price is 0 or more");
    }
    if (usd.compareTo(MAX_USD) > 0) {
      throw new IllegalArgumentException("\"" + written + "\" is too large; at most " + MAX_USD.toPlainString()
          + " " + unit);
    }
    try {
      return usd.movePointRight(MICROS).longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("\"" + written + "\" has more than " + MICROS
          + " decimal places; prices are kept in whole micro-" + unit);
    }
  }

  /** Micro-dollars per million tokens at {@code node}, or null when absent or wrong (reported). */
  static Long read(ConfigNode node) {
    return read(node, PER_MTOK);
  }

  private static Long read(ConfigNode node, String unit) {
    JsonNode raw = node.raw();
    try {
      if (raw.isNumber()) {
        BigDecimal usd = raw.decimalValue();
        return micros(usd, usd.stripTrailingZeros().toPlainString(), unit);
      }
      String s = node.text();
      return s == null ? null : parse(s, unit);
    } catch (IllegalArgumentException e) {
      node.problem(e.getMessage(), unit.equals(PER_MTOK) ? FORMAT : PER_ITEM_FORMAT);
      return null;
    }
  }

  /**
   * {@code { input: "3.00", output: "15.00" }}, both required, plus the optional {@code cached_input},
   * {@code cache_write}, {@code reasoning}, {@code per_request} and {@code per_image}; null when absent or
   * wrong (reported).
   */
  static Price price(ConfigNode node) {
    if (!node.isMapping("write price: as { input: \"3.00\", output: \"15.00\" } (USD per million tokens)")) {
      return null;
    }
    node.checkKeys(PRICE_KEYS, Map.of());
    Long input = required(node.get("input"), "input");
    Long output = required(node.get("output"), "output");
    Long cachedInput = read(node.get("cached_input"));
    Long cacheWrite = read(node.get("cache_write"));
    Long reasoning = read(node.get("reasoning"));
    Long perRequest = read(node.get("per_request"), PER_ITEM);
    Long perImage = read(node.get("per_image"), PER_ITEM);
    if (input == null || output == null) {
      return null;
    }
    return new Price(input, output, cachedInput, cacheWrite, reasoning, perRequest == null ? 0 : perRequest,
        perImage == null ? 0 : perImage);
  }

  /**
   * {@code { prompt: "1.00", completion: "4.00" }}, either side optional; null when absent, empty or wrong
   * (reported).
   */
  static ProviderPreferences.MaxPrice maxPrice(ConfigNode node) {
    if (!node.isMapping("write max_price: as { prompt: \"1.00\", completion: \"4.00\" } (USD per million tokens)")) {
      return null;
    }
    node.checkKeys(MAX_PRICE_KEYS, Map.of());
    Long prompt = read(node.get("prompt"));
    Long completion = read(node.get("completion"));
    return prompt == null && completion == null ? null : new ProviderPreferences.MaxPrice(prompt, completion);
  }

  private static Long required(ConfigNode node, String side) {
    if (node.isAbsent()) {
      node.problem("is required", "give the " + side + " price too, e.g. " + side + ": \"1.00\" (0 for free)");
      return null;
    }
    return read(node);
  }
}
