package dev.sluice.core.dialect.openai;

import static dev.sluice.core.dialect.openai.InvalidParams.invalidType;

import com.fasterxml.jackson.core.JsonToken;
import dev.sluice.core.route.ProviderPreferences;
import dev.sluice.core.route.ProviderPreferences.MaxPrice;
import dev.sluice.core.route.ProviderPreferences.Sort;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * OpenRouter's {@code provider} object (https://openrouter.ai/docs/features/provider-routing) as
 * {@link ProviderPreferences}. Supported: {@code order}, {@code only}, {@code ignore} (provider names),
 * {@code allow_fallbacks}, {@code sort}, {@code max_price} ({@code prompt}, {@code completion}),
 * {@code require_parameters}, {@code data_collection} and {@code zdr}. {@code zdr: true} ("only zero data
 * retention endpoints") is what {@code data_collection: "deny"} means here: only deployments marked
 * zero-retention; {@code zdr: false} relaxes nothing.
 *
 * <p>Any other member with a value ({@code quantizations}, {@code enforce_distillable_text},
 * {@code preferred_min_throughput}, a {@code max_price.request} ceiling, ...) is refused by name, never
 * dropped: a client must not believe a preference was honoured when it was not. {@code null} means not set.
 */
final class ProviderPreferencesReader {
  /** Far above any real preference list (OpenRouter serves ~60 providers); bounds what one request costs. */
  static final int MAX_NAMES = 32;
  static final List<String> SORTS = List.of("price", "latency", "throughput");
  static final List<String> DATA_COLLECTION = List.of("allow", "deny");
  /**
   * OpenRouter's {@code max_price} is in USD per million tokens; the gateway counts integer micro-dollars,
   * so a ceiling must be a whole number of micro-dollars (at most 6 decimals) to be kept exactly.
   */
  static final int MAX_PRICE_DECIMALS = 6;
  /** USD per million tokens: 1000× today's dearest list price, low enough that micro-dollars fit a long. */
  static final BigDecimal MAX_PRICE_USD = BigDecimal.valueOf(1_000_000);

  private ProviderPreferencesReader() {}

  static ProviderPreferences read(RequestWalker w, JsonToken v) throws IOException {
    if (v == JsonToken.VALUE_NULL) {
      return ProviderPreferences.NONE;
    }
    if (v != JsonToken.START_OBJECT) {
      throw invalidType("provider", "an object", v);
    }
    List<String> order = List.of();
    List<String> only = List.of();
    List<String> ignore = List.of();
    boolean allowFallbacks = true;
    Sort sort = null;
    MaxPrice maxPrice = null;
    boolean requireParameters = false;
    boolean denyDataCollection = false;
    boolean zeroDataRetention = false;
    while (w.next() == JsonToken.FIELD_NAME) {
      String name = w.name();
      JsonToken x = w.next();
      String param = "provider." + name;
      switch (name) {
        case "order" -> order = names(w, x, param);
        case "only" -> only = names(w, x, param);
        case "ignore" -> ignore = names(w, x, param);
        case "allow_fallbacks" -> allowFallbacks = bool(x, param, /* ifNull= */ true);
        case "sort" -> {
          String s = oneOf(w, x, param, SORTS);
          sort = s == null ? null : Sort.valueOf(s.toUpperCase(Locale.ROOT));
        }
        case "max_price" -> maxPrice = maxPrice(w, x);
        case "require_parameters" -> requireParameters = bool(x, param, /* ifNull= */ false);
        case "data_collection" -> denyDataCollection = "deny".equals(oneOf(w, x, param, DATA_COLLECTION));
        case "zdr" -> zeroDataRetention = bool(x, param, /* ifNull= */ false);
        default -> {
          if (x != JsonToken.VALUE_NULL) {
            throw InvalidParams.unsupported(param);
          }
        }
      }
    }
    return new ProviderPreferences(order, only, ignore, allowFallbacks, sort, maxPrice, requireParameters,
        denyDataCollection || zeroDataRetention);
  }

  /** Up to {@link #MAX_NAMES} non-empty provider names; null is none. */
  private static List<String> names(RequestWalker w, JsonToken v, String param) throws IOException {
    if (v == JsonToken.VALUE_NULL) {
      return List.of();
    }
    if (v != JsonToken.START_ARRAY) {
      throw invalidType(param, "an array", v);
    }
    List<String> names = new ArrayList<>();
    JsonToken t;
    while ((t = w.next()) != JsonToken.END_ARRAY) {
      names.add(RoutingMembers.nonEmptyString(w, t, param + "[" + names.size() + "]"));
    }
    if (names.size() > MAX_NAMES) {
      throw InvalidParams.arrayTooLong(param, MAX_NAMES, names.size());
    }
    return names;
  }

  private static boolean bool(JsonToken v, String param, boolean ifNull) {
    return switch (v) {
      case VALUE_TRUE -> true;
      case VALUE_FALSE -> false;
      case VALUE_NULL -> ifNull;
      default -> throw invalidType(param, "a boolean", v);
    };
  }

  /** One of {@code supported}, or null for null. */
  private static String oneOf(RequestWalker w, JsonToken v, String param, List<String> supported)
      throws IOException {
    if (v == JsonToken.VALUE_NULL) {
      return null;
    }
    if (v != JsonToken.VALUE_STRING) {
      throw invalidType(param, "a string", v);
    }
    String s = w.text();
    if (!supported.contains(s)) {
      throw InvalidParams.invalidValue(param, s, supported);
    }
    return s;
  }

  /** {@code {"prompt": 1.25, "completion": 10}}; null, or neither side set, is no ceiling. */
  private static MaxPrice maxPrice(RequestWalker w, JsonToken v) throws IOException {
    if (v == JsonToken.VALUE_NULL) {
      return null;
    }
    if (v != JsonToken.START_OBJECT) {
      throw invalidType("provider.max_price", "an object", v);
    }
    Long prompt = null;
    Long completion = null;
    while (w.next() == JsonToken.FIELD_NAME) {
      String name = w.name();
      JsonToken x = w.next();
      String param = "provider.max_price." + name;
      switch (name) {
        case "prompt" -> prompt = microsPerMTok(w, x, param);
        case "completion" -> completion = microsPerMTok(w, x, param);
        default -> {
          if (x != JsonToken.VALUE_NULL) {
            throw InvalidParams.unsupported(param);
          }
        }
      }
    }
    return prompt == null && completion == null ? null : new MaxPrice(prompt, completion);
  }

  /**
   * USD per million tokens, as written, to integer micro-dollars per million tokens: exact (BigDecimal from
   * the JSON text, never a double), so {@code 0.15} is 150000, not 149999. Trailing zeros beyond 6 decimals
   * are fine ({@code 2.50000000}); a seventh significant decimal is refused, not rounded.
   */
  static Long microsPerMTok(RequestWalker w, JsonToken v, String param) throws IOException {
    if (v == JsonToken.VALUE_NULL) {
      return null;
    }
    if (v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_NUMBER_FLOAT) {
      throw invalidType(param, "a number", v);
    }
    BigDecimal usd = w.decimal();
    if (usd.signum() < 0) {
      throw InvalidParams.decimalBelowMin(param, "0", w.text());
    }
    if (usd.compareTo(MAX_PRICE_USD) > 0) {
      throw InvalidParams.decimalAboveMax(param, MAX_PRICE_USD.toPlainString(), w.text());
    }
    try {
      return usd.movePointRight(MAX_PRICE_DECIMALS).longValueExact(); // throws if a fraction remains
    } catch (ArithmeticException e) {
      throw InvalidParams.tooManyDecimals(param, MAX_PRICE_DECIMALS, w.text());
    }
  }
}
