package dev.sluice.core.route;

/**
 * What a request needs from a deployment, read from the request before planning.
 *
 * @param promptTokens estimated prompt tokens (for context windows and cost ordering)
 * @param maxOutputTokens the request's output cap, or 0 when it set none
 */
public record RequestNeeds(boolean tools, boolean jsonSchema, boolean images, long promptTokens, long maxOutputTokens) {
  public static final RequestNeeds NONE = new RequestNeeds(false, false, false, 0, 0);
}
