package dev.sluice.server.config;

import dev.sluice.core.price.Price;
import dev.sluice.core.route.Capabilities;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one entry of an alias's {@code deployments:}: either the shorthand {@code openai/gpt-4o} (weight 1,
 * everything else default) or a mapping with {@code model} and the routing attributes the planner weighs.
 *
 * <pre>
 * - model: claude/claude-sonnet-4  # required; provider/model with a configured provider
 *   weight: 1                      # 1..1000000
 *   priority: 0                    # 0 or more; lower first under strategy: priority
 *   region: eu                     # free-form tag; default none
 *   capabilities: { tools: true, json_schema: true, images: true }   # each defaults to true
 *   zero_retention: false
 *   price: { input: "3.00", output: "15.00" }    # USD per million tokens, both required; default: catalog
 *   # optional in price: cached_input, cache_write (default: input), reasoning (default: output), per million
 *   # tokens; per_request, per_image in USD each (default 0), e.g. { ..., cached_input: "0.30", cache_write: "3.75" }
 *   context_length: 200000         # 1 or more; default: catalog
 *   max_concurrent: 50             # 1 or more; default: no limit
 * </pre>
 */
final class DeploymentSection {

  static final List<String> KEYS = List.of("model", "weight", "priority", "region", "capabilities",
      "zero_retention", "price", "context_length", "max_concurrent");
  static final List<String> CAPABILITY_KEYS = List.of("tools", "json_schema", "images");
  static final int MAX_WEIGHT = 1_000_000;

  private DeploymentSection() {}

  /** The deployment, or null when its model is wrong (reported); other wrong fields are reported too. */
  static ModelAlias.Deployment read(ConfigNode d, Set<String> providers) {
    String fix = "write it as { model: <provider>/<model>, weight: 1 }, e.g. { model: openai/gpt-4o }";
    if (d.isAbsent()) {
      d.problem("empty deployment", fix);
      return null;
    }
    if (!d.isObject()) {
      String model = d.requiredText(fix); // "- openai/gpt-4o" is shorthand for weight 1
      return model == null ? null : plain(d, model, providers);
    }
    d.checkKeys(KEYS, Map.of());
    // a wrong field is reported and replaced by its default, so the model is checked too
    Long weight = d.get("weight").integer(1, MAX_WEIGHT, "use a whole number from 1 (the default) to " + MAX_WEIGHT);
    Long priority = d.get("priority").integer(0, Integer.MAX_VALUE,
        "use a whole number, 0 (the default) or more; lower goes first under strategy: priority");
    String region = d.get("region").text();
    Capabilities capabilities = capabilities(d.get("capabilities"));
    Boolean zeroRetention = d.get("zero_retention").bool(
        "use true when the provider keeps no prompt data (for data_collection: deny), else false");
    Price price = d.get("price").isAbsent() ? null : Prices.price(d.get("price"));
    Long contextLength = d.get("context_length").integer(1, Integer.MAX_VALUE,
        "give the context window in tokens, e.g. 128000");
    Long maxConcurrent = d.get("max_concurrent").integer(1, Integer.MAX_VALUE,
        "give the most requests in flight at once, e.g. 50, or leave it out for no limit");

    ConfigNode modelNode = d.get("model");
    String model = modelNode.requiredText(fix);
    model = model == null ? null : ModelNames.providerModel(modelNode, model.strip(), providers);
    if (model == null) {
      return null;
    }
    return new ModelAlias.Deployment(model, weight == null ? 1 : weight.intValue(),
        priority == null ? 0 : priority.intValue(), region == null ? null : region.strip(), capabilities,
        Boolean.TRUE.equals(zeroRetention), price,
        contextLength == null ? null : contextLength.intValue(),
        maxConcurrent == null ? null : maxConcurrent.intValue());
  }

  private static ModelAlias.Deployment plain(ConfigNode node, String model, Set<String> providers) {
    String checked = ModelNames.providerModel(node, model.strip(), providers);
    return checked == null ? null : new ModelAlias.Deployment(checked, 1);
  }

  /** {@code { tools: true, json_schema: true, images: false }}; each one left out is true. */
  private static Capabilities capabilities(ConfigNode node) {
    if (!node.isMapping("write capabilities: as a mapping, e.g. { tools: true, json_schema: true, images: false }")) {
      return Capabilities.ALL;
    }
    node.checkKeys(CAPABILITY_KEYS, Map.of());
    String fix = "use true (the default) or false";
    Boolean tools = node.get("tools").bool(fix);
    Boolean jsonSchema = node.get("json_schema").bool(fix);
    Boolean images = node.get("images").bool(fix);
    return new Capabilities(!Boolean.FALSE.equals(tools), !Boolean.FALSE.equals(jsonSchema),
        !Boolean.FALSE.equals(images));
  }
}
