package dev.sluice.core.dialect.openai;

import static dev.sluice.core.dialect.openai.InvalidParams.invalidType;

import com.fasterxml.jackson.core.JsonToken;
import dev.sluice.core.route.ProviderPreferences;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The gateway's own members of a chat body, which must not reach the provider: OpenRouter's routing
 * members {@code models}, {@code route} and {@code provider}, and its accounting members {@code usage}
 * ({@code {"include": true}}) and {@code max_cost}
 * (https://openrouter.ai/docs/features/model-routing, .../provider-routing): validated in the request's one
 * pass, turned into routing input, and remembered by position so the passthrough can cut them out. They must
 * not reach the provider: OpenAI answers an unknown member with 400 "Unrecognized request argument supplied:
 * models".
 *
 * <p>Created only when a body has one of them, so the common request pays nothing beyond its switch case.
 * A {@code null} value means "not set", as for OpenAI's own optional members, and is cut all the same.
 */
final class RoutingMembers {
  /** OpenRouter's limit on the fallback list. */
  static final int MAX_MODELS = 10;
  static final List<String> ROUTES = List.of("fallback");

  private final List<BodySplice.Member> members = new ArrayList<>(3);
  private List<String> models = List.of();
  private ProviderPreferences preferences = ProviderPreferences.NONE;
  private boolean usageInclude;
  private Long maxCostNanos;

  /** The most a {@code max_cost} can say, in USD: far above any single request. */
  static final java.math.BigDecimal MAX_COST_USD = java.math.BigDecimal.valueOf(1_000_000);

  /** {@code models}: 1 to 10 non-empty model names, tried in order after {@code model}. */
  void readModels(RequestWalker w, JsonToken v) throws IOException {
    int start = w.memberStart();
    if (v == JsonToken.VALUE_NULL) {
      members.add(new BodySplice.Member(start, w.scalarEnd()));
      return;
    }
    if (v != JsonToken.START_ARRAY) {
      throw invalidType("models", "an array", v);
    }
    List<String> names = new ArrayList<>();
    JsonToken t;
    while ((t = w.next()) != JsonToken.END_ARRAY) {
      names.add(nonEmptyString(w, t, "models[" + names.size() + "]"));
    }
    if (names.isEmpty()) {
      throw InvalidParams.emptyArray("models");
    }
    if (names.size() > MAX_MODELS) {
      throw InvalidParams.arrayTooLong("models", MAX_MODELS, names.size());
    }
    models = List.copyOf(names);
    members.add(new BodySplice.Member(start, w.currentEnd()));
  }

  /** {@code route}: OpenRouter's only value is {@code "fallback"}, which is what {@code models} does anyway. */
  void readRoute(RequestWalker w, JsonToken v) throws IOException {
    int start = w.memberStart();
    if (v != JsonToken.VALUE_NULL) {
      if (v != JsonToken.VALUE_STRING) {
        throw invalidType("route", "a string", v);
      }
      String route = w.text();
      if (!ROUTES.contains(route)) {
        throw InvalidParams.invalidValue("route", route, ROUTES);
      }
    }
    members.add(new BodySplice.Member(start, w.scalarEnd()));
  }

  /** {@code provider}: see {@link ProviderPreferencesReader}. */
  void readProvider(RequestWalker w, JsonToken v) throws IOException {
    int start = w.memberStart();
    preferences = ProviderPreferencesReader.read(w, v);
    members.add(new BodySplice.Member(start, v == JsonToken.VALUE_NULL ? w.scalarEnd() : w.currentEnd()));
  }

  /**
   * {@code usage}: OpenRouter's usage accounting switch, {@code {"include": true}} asks for
   * {@code usage.cost} (and the usage chunk on streams). A gateway member: cut from the upstream body.
   */
  void readUsage(RequestWalker w, JsonToken v) throws IOException {
    int start = w.memberStart();
    if (v == JsonToken.VALUE_NULL) {
      members.add(new BodySplice.Member(start, w.scalarEnd()));
      return;
    }
    if (v != JsonToken.START_OBJECT) {
      throw invalidType("usage", "an object", v);
    }
    JsonToken t;
    while ((t = w.next()) == JsonToken.FIELD_NAME) {
      String name = w.name();
      JsonToken value = w.next();
      if (!name.equals("include")) {
        throw InvalidParams.unsupported("usage." + name);
      }
      if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE && value != JsonToken.VALUE_NULL) {
        throw invalidType("usage.include", "a boolean", value);
      }
      usageInclude = value == JsonToken.VALUE_TRUE;
    }
    members.add(new BodySplice.Member(start, w.currentEnd()));
  }

  /**
   * {@code max_cost}: the most this request may cost, in USD; refused up front when its worst case is
   * more. Kept as integer nano-dollars (at most 9 decimals, exact). A gateway member: cut upstream.
   */
  void readMaxCost(RequestWalker w, JsonToken v) throws IOException {
    int start = w.memberStart();
    if (v != JsonToken.VALUE_NULL) {
      if (v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_NUMBER_FLOAT) {
        throw invalidType("max_cost", "a number", v);
      }
      java.math.BigDecimal usd = w.decimal();
      if (usd.signum() <= 0) {
        throw InvalidParams.decimalBelowMin("max_cost", "0 (exclusive)", w.text());
      }
      if (usd.compareTo(MAX_COST_USD) > 0) {
        throw InvalidParams.decimalAboveMax("max_cost", MAX_COST_USD.toPlainString(), w.text());
      }
      java.math.BigDecimal nanos = usd.movePointRight(9);
      if (nanos.stripTrailingZeros().scale() > 0) {
        throw InvalidParams.tooManyDecimals("max_cost", 9, w.text());
      }
      maxCostNanos = nanos.longValueExact();
    }
    members.add(new BodySplice.Member(start, w.scalarEnd()));
  }

  boolean usageInclude() {
    return usageInclude;
  }

  Long maxCostNanos() {
    return maxCostNanos;
  }

  /** {@code models} without {@code model} itself and without repeats, in the client's order. */
  List<String> fallbackModels(String model) {
    Set<String> fallbacks = new LinkedHashSet<>(models);
    fallbacks.remove(model);
    return List.copyOf(fallbacks);
  }

  ProviderPreferences preferences() {
    return preferences;
  }

  /** The edits that cut these members, each with one comma, from {@code body}. */
  BodySplice.Edit[] removals(byte[] body) {
    return BodySplice.deleteMembers(body, members);
  }

  /** A non-empty string, else a 400 naming {@code param}. */
  static String nonEmptyString(RequestWalker w, JsonToken t, String param) throws IOException {
    if (t != JsonToken.VALUE_STRING) {
      throw invalidType(param, "a string", t);
    }
    String s = w.text();
    if (s.isEmpty()) {
      throw InvalidParams.emptyString(param);
    }
    return s;
  }
}
