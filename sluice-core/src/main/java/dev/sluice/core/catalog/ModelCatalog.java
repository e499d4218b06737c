package dev.sluice.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The bundled model catalog ({@code catalog/models.json}): context windows and list prices, looked up by
 * the provider's own model name or one of the entry's {@code aliases} (dated snapshots that bill the same).
 * Read once from the classpath; immutable afterwards. A malformed entry (no name, a negative or fractional
 * price, a name listed twice) fails loudly: a wrong price must not become a silent one.
 */
public final class ModelCatalog {
  private static final String RESOURCE = "/catalog/models.json";

  private final String version;
  private final Map<String, ModelInfo> byModel;
  private final int size;

  private ModelCatalog(String version, Map<String, ModelInfo> byModel, int size) {
    this.version = version;
    this.byModel = Map.copyOf(byModel);
    this.size = size;
  }

  public static ModelCatalog bundled() {
    try (InputStream in = ModelCatalog.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      return parse(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  static ModelCatalog parse(JsonNode root) {
    Map<String, ModelInfo> models = new HashMap<>();
    int count = 0;
    for (JsonNode m : root.path("models")) {
      String name = m.path("model").asText("");
      if (name.isBlank()) {
        throw new IllegalStateException("catalog entry without a model name: " + m);
      }
      ModelInfo info = new ModelInfo(name, m.hasNonNull("provider_family") ? m.get("provider_family").asText() : null,
          intOrNull(m, "context_length"), price(m, "input"), price(m, "cached_input"), price(m, "cache_write"),
          price(m, "output"), price(m, "reasoning"), price(m, "per_request"), price(m, "per_image"));
      put(models, name, info);
      for (JsonNode alias : m.path("aliases")) {
        put(models, alias.asText(), info);
      }
      count++;
    }
    return new ModelCatalog(root.path("version").asText("unversioned"), models, count);
  }

  public String version() {
    return version;
  }

  /** The model under its own name or an alias; empty when the catalog does not list it. */
  public Optional<ModelInfo> find(String model) {
    return model == null ? Optional.empty() : Optional.ofNullable(byModel.get(model));
  }

  /** How many models (not names: aliases are not counted) the catalog lists. */
  public int size() {
    return size;
  }

  private static void put(Map<String, ModelInfo> models, String name, ModelInfo info) {
    if (models.putIfAbsent(name, info) != null) {
      throw new IllegalStateException("catalog lists \"" + name + "\" twice");
    }
  }

  private static Integer intOrNull(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.intValue();
  }

  /** Whole micro-dollars, 0 or more; anything else is a broken catalog. */
  private static Long price(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.canConvertToExactIntegral() || v.longValue() < 0) {
      throw new IllegalStateException("catalog price " + field + " of " + node.path("model").asText()
          + " is not a whole number of micro-dollars: " + v);
    }
    return v.longValue();
  }
}
