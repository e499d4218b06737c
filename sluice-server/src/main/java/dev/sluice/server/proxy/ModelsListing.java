package dev.sluice.server.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.catalog.ModelCatalog;
import dev.sluice.core.catalog.ModelInfo;
import dev.sluice.server.config.ModelAlias;
import dev.sluice.server.config.ModelEntry;
import dev.sluice.server.config.ProviderSettings;
import dev.sluice.server.config.SluiceConfig;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The body of {@code GET /v1/models}, built once at startup: virtual models (aliases) first, then each
 * provider's listed models as {@code provider/model}. Besides OpenAI's fields (id, object, created,
 * owned_by) each entry carries what we know: {@code context_length} and {@code pricing} in US dollars per
 * token as decimal strings (OpenRouter's convention, so existing tooling reads it), both omitted when
 * unknown rather than guessed.
 */
public final class ModelsListing {
  private ModelsListing() {}

  public static byte[] build(SluiceConfig config, ModelCatalog catalog, Instant startedAt) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode().put("object", "list");
    ArrayNode data = root.putArray("data");
    long created = startedAt.getEpochSecond();
    for (ModelAlias alias : config.models()) {
      ObjectNode entry = data.addObject()
          .put("id", alias.name()).put("object", "model").put("created", created).put("owned_by", "sluice");
      ArrayNode targets = entry.putArray("deployments");
      alias.deployments().forEach(d -> targets.add(d.model()));
    }
    for (ProviderSettings provider : config.providers()) {
      for (ModelEntry model : provider.models()) {
        ObjectNode entry = data.addObject()
            .put("id", provider.name() + "/" + model.name())
            .put("object", "model")
            .put("created", created)
            .put("owned_by", provider.name());
        ModelInfo info = catalog.find(model.name()).orElse(null);
        Integer context = model.contextLength() != null ? model.contextLength()
            : info != null ? info.contextLength() : null;
        if (context != null) {
          entry.put("context_length", context);
        }
        if (info != null && info.inputMicrosPerMTok() != null) {
          ObjectNode pricing = entry.putObject("pricing");
          pricing.put("prompt", perToken(info.inputMicrosPerMTok()));
          if (info.outputMicrosPerMTok() != null) {
            pricing.put("completion", perToken(info.outputMicrosPerMTok()));
          }
          if (info.cachedInputMicrosPerMTok() != null) {
            pricing.put("input_cache_read", perToken(info.cachedInputMicrosPerMTok()));
          }
        }
        if (provider.demo()) {
          entry.put("description", "Demo model served by Sluice's bundled fake provider; configure a real provider to replace it.");
        }
      }
    }
    try {
      return mapper.writeValueAsBytes(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Micro-dollars per million tokens to dollars per token: 150000 becomes "0.00000015". */
  static String perToken(long microsPerMillionTokens) {
    return BigDecimal.valueOf(microsPerMillionTokens).movePointLeft(12).stripTrailingZeros().toPlainString();
  }
}
