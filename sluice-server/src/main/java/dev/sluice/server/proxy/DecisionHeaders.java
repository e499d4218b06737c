package dev.sluice.server.proxy;

import dev.sluice.core.route.Plan;
import io.vertx.core.http.HttpServerResponse;

/**
 * The {@code x-sluice-*} headers that say what the router decided: provider, model (the deployment that
 * answered), attempts, and the route explanation (strategy, skipped deployments and why, auto-router
 * reasoning). Header values are kept to printable ASCII and a bounded length.
 */
final class DecisionHeaders {
  static final int MAX_ROUTE_HEADER = 1024;

  private DecisionHeaders() {}

  static void set(HttpServerResponse response, Plan.Attempt served, int attempts, Plan plan, String routeNote) {
    if (response.headWritten()) {
      return;
    }
    String route = routeNote == null ? plan.explain() : routeNote + "; " + plan.explain();
    response.putHeader("x-sluice-provider", served.deployment().provider())
        .putHeader("x-sluice-model", served.deployment().qualifiedName())
        .putHeader("x-sluice-attempts", Integer.toString(attempts))
        .putHeader("x-sluice-route", printable(route));
  }

  static String printable(String value) {
    StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_ROUTE_HEADER));
    for (int i = 0; i < value.length() && out.length() < MAX_ROUTE_HEADER; i++) {
      char c = value.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return out.toString();
  }
}
