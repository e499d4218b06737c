package dev.sluice.core.route;

/** What a deployment can take, for {@code require_parameters}: requests that need more skip it. */
public record Capabilities(boolean tools, boolean jsonSchema, boolean images) {
  public static final Capabilities ALL = new Capabilities(true, true, true);

  public boolean covers(RequestNeeds needs) {
    return (!needs.tools() || tools) && (!needs.jsonSchema() || jsonSchema) && (!needs.images() || images);
  }
}
