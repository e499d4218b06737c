package dev.sluice.core.route;

import dev.sluice.core.price.Price;

/**
 * Whether a deployment may serve a request at all, judged from configuration and the request alone (health
 * is the planner's separate question). Each reason is what the {@code x-sluice-route} header shows.
 */
final class Eligibility {
  private Eligibility() {}

  /** Why {@code d} cannot serve this request, or null when it can. */
  static String reason(DeploymentSpec d, ProviderPreferences prefs, RequestNeeds needs) {
    if (!prefs.only().isEmpty() && !prefs.only().contains(d.provider())) {
      return "not in provider.only";
    }
    if (prefs.ignore().contains(d.provider())) {
      return "in provider.ignore";
    }
    if (prefs.requireParameters() && !d.capabilities().covers(needs)) {
      return "does not support " + missing(d.capabilities(), needs);
    }
    if (prefs.denyDataCollection() && !d.zeroRetention()) {
      return "may retain data";
    }
    if (hasCeiling(prefs.maxPrice())) {
      if (d.price() == null) {
        return "unpriced, max_price set"; // unknown is never treated as free
      }
      if (aboveCeiling(d.price(), prefs.maxPrice())) {
        return "price above max_price";
      }
    }
    if (d.contextWindow() != null && tokensNeeded(needs) > d.contextWindow()) {
      return "context window " + d.contextWindow() + " too small";
    }
    return null;
  }

  /** A ceiling with both sides null bounds nothing, so it is no ceiling. */
  static boolean hasCeiling(ProviderPreferences.MaxPrice max) {
    return max != null && (max.promptMicrosPerMTok() != null || max.completionMicrosPerMTok() != null);
  }

  static boolean aboveCeiling(Price price, ProviderPreferences.MaxPrice max) {
    return (max.promptMicrosPerMTok() != null && price.inputMicrosPerMTok() > max.promptMicrosPerMTok())
        || (max.completionMicrosPerMTok() != null && price.outputMicrosPerMTok() > max.completionMicrosPerMTok());
  }

  private static long tokensNeeded(RequestNeeds needs) {
    long sum = needs.promptTokens() + needs.maxOutputTokens();
    return sum < 0 ? Long.MAX_VALUE : sum; // saturate: an absurd estimate fits nowhere
  }

  private static String missing(Capabilities can, RequestNeeds needs) {
    StringBuilder out = new StringBuilder();
    if (needs.tools() && !can.tools()) {
      out.append("tools");
    }
    if (needs.jsonSchema() && !can.jsonSchema()) {
      out.append(out.isEmpty() ? "" : ", ").append("json schema");
    }
    if (needs.images() && !can.images()) {
      out.append(out.isEmpty() ? "" : ", ").append("images");
    }
    return out.toString();
  }
}
