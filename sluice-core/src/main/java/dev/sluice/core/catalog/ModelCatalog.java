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
 * the provider's own model name. Read once from the classpath; immutable afterwards.
 */
public final class ModelCatalog {
  private static final String RESOURCE = "/catalog/models.json";
  private final String version;
  private final Map<String, ModelInfo> byModel;

  private ModelCatalog(String version, Map<String, ModelInfo> byModel) {
    this.version = version;
    this.byModel = Map.copyOf(byModel);
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
    for (JsonNode m : root.path("models")) {
      String name = m.path("model").asText();
      models.put(name, new ModelInfo(name, intOrNull(m, "context_length"), longOrNull(m, "input"),
          longOrNull(m, "cached_input"), longOrNull(m, "output")));
    }
    return new ModelCatalog(root.path("version").asText("unversioned"), models);
  }

  public String version() {
    return version;
  }

  public Optional<ModelInfo> find(String model) {
    return Optional.ofNullable(byModel.get(model));
  }

  private static Integer intOrNull(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.intValue();
  }

  private static Long longOrNull(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.longValue();
  }
}
