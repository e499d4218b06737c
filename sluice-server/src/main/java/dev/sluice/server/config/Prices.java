package dev.sluice.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.route.Price;
import dev.sluice.core.route.ProviderPreferences;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Prices in configuration: US dollars per million tokens, written as decimal text ({@code "0.15"}) or a
 * number ({@code 0.15}), kept as integer micro-dollars per million tokens ({@code 150000}). The arithmetic is
 * exact decimal: a price that is not a whole number of micro-dollars is refused, never rounded.
 */
final class Prices {

  static final String FORMAT = "write US dollars per million tokens with at most 6 decimal places, e.g. \"0.15\"";
  /** Far above any list price today; keeps cost arithmetic (tokens x price) well inside a long. */
  static final BigDecimal MAX_USD = BigDecimal.valueOf(100_000);
  static final List<String> PRICE_KEYS = List.of("input", "output");
  static final List<String> MAX_PRICE_KEYS = List.of("prompt", "completion");

  private static final Pattern DECIMAL = Pattern.compile("\\d+(\\.\\d+)?|\\.\\d+");
  private static final int MICROS = 6;

  private Prices() {}

  /** Micro-dollars for decimal text such as "3.00"; IllegalArgumentException with a user-facing message. */
  static long parse(String text) {
    String s = text.strip();
    if (s.startsWith("-") && DECIMAL.matcher(s.substring(1)).matches()) {
      throw new IllegalArgumentException("\"" + s + "\" is negative; a price is 0 or more");
    }
    if (!DECIMAL.matcher(s).matches()) {
      throw new IllegalArgumentException("\"" + s + "\" is not a price");
    }
    return micros(new BigDecimal(s), s);
  }

  /** Micro-dollars for an amount of US dollars; {@code written} is how it appeared, for messages. */
  static long micros(BigDecimal usd, String written) {
    if (usd.signum() < 0) {
      throw new IllegalArgumentException("\"" + written + "\" is negative; a price is 0 or more");
    }
    if (usd.compareTo(MAX_USD) > 0) {
      throw new IllegalArgumentException("\"" + written + "\" is too large; at most " + MAX_USD.toPlainString()
          + " dollars per million tokens");
    }
    try {
      return usd.movePointRight(MICROS).longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("\"" + written + "\" has more than " + MICROS
          + " decimal places; prices are kept in whole micro-dollars per million tokens");
    }
  }

  /** Micro-dollars per million tokens at {@code node}, or null when absent or wrong (reported). */
  static Long read(ConfigNode node) {
    JsonNode raw = node.raw();
    try {
      if (raw.isNumber()) {
        BigDecimal usd = raw.decimalValue();
        return micros(usd, usd.stripTrailingZeros().toPlainString());
      }
      String s = node.text();
      return s == null ? null : parse(s);
    } catch (IllegalArgumentException e) {
      node.problem(e.getMessage(), FORMAT);
      return null;
    }
  }

  /** {@code { input: "3.00", output: "15.00" }}, both required; null when absent or wrong (reported). */
  static Price price(ConfigNode node) {
    if (!node.isMapping("write price: as { input: \"3.00\", output: \"15.00\" } (USD per million tokens)")) {
      return null;
    }
    node.checkKeys(PRICE_KEYS, Map.of());
    Long input = required(node.get("input"), "input");
    Long output = required(node.get("output"), "output");
    return input == null || output == null ? null : new Price(input, output);
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
