package dev.sluice.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Known provider hosts (OpenAI, the OpenAI-compatible hosts, Anthropic, Gemini, Cohere), read from the
 * bundled {@code presets/providers.yaml} so that a new host is a data change. The file ships with the code; a mistake in it is a bug, hence unchecked errors.
 */
public final class Presets {

  static final String RESOURCE = "/presets/providers.yaml";

  /**
   * One host.
   *
   * @param name the preset name, also the provider name `sluice serve` uses when it adds it from the environment
   * @param baseUrl API root including the version path
   * @param apiKeyEnv environment variable holding the key, or null for local servers that need none
   * @param authHeader header carrying the key
   * @param models models listed for the host
   * @param protocol the wire protocol the host speaks
   * @param options protocol options (e.g. a version) the host needs
   */
  public record Preset(String name, String baseUrl, String apiKeyEnv, String authHeader, List<ModelEntry> models,
      String protocol, Map<String, String> options) {
    public Preset {
      models = List.copyOf(models);
      options = Map.copyOf(options);
    }
  }

  // loaded once on first use; the file is small and never changes at run time
  private static final class Holder {
    static final Map<String, Preset> ALL = load();
  }

  private Presets() {}

  /** Every preset in file order (hosted ones first, openai leading). */
  public static Map<String, Preset> all() {
    return Holder.ALL;
  }

  /** The preset with this name, or null. */
  public static Preset find(String name) {
    return Holder.ALL.get(name);
  }

  private static Map<String, Preset> load() {
    try (InputStream in = Presets.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      JsonNode root = new YAMLMapper().readTree(in);
      Map<String, Preset> out = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : root.properties()) {
        JsonNode p = e.getValue();
        List<ModelEntry> models = new ArrayList<>();
        for (JsonNode m : p.path("models")) {
          models.add(m.isObject()
              ? new ModelEntry(m.path("name").asText(), m.has("context_length") ? m.get("context_length").asInt() : null)
              : new ModelEntry(m.asText(), null));
        }
        String baseUrl = p.path("base_url").asText(null);
        if (baseUrl == null) {
          throw new IllegalStateException(RESOURCE + ": preset " + e.getKey() + " has no base_url");
        }
        Map<String, String> options = new LinkedHashMap<>();
        p.path("options").properties().forEach(o -> options.put(o.getKey(), o.getValue().asText()));
        out.put(e.getKey(), new Preset(e.getKey(), baseUrl, p.path("api_key_env").asText(null),
            p.path("auth_header").asText(ProviderSection.DEFAULT_AUTH_HEADER), models,
            p.path("protocol").asText(ProviderSection.OPENAI), options));
      }
      return Collections.unmodifiableMap(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
