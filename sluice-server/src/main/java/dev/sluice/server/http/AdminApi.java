package dev.sluice.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.route.DeploymentHealth;
import dev.sluice.server.route.Routing;
import io.vertx.core.http.HttpMethod;

/**
 * The routing part of the admin API (see {@link AdminAuth}).
 *
 * <p>{@code GET /admin/routing}: every deployment's circuit state, cooldown, in-flight count and EWMA
 * latency and throughput.
 */
public final class AdminApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final AdminAuth auth;
  private final Routing routing;

  public AdminApi(AdminAuth auth, Routing routing) {
    this.auth = auth;
    this.routing = routing;
  }

  public void routing(Exchange exchange) {
    if (!auth.authorize(exchange, java.util.Set.of(HttpMethod.GET))) {
      return;
    }
    ObjectNode body = JSON.createObjectNode();
    ArrayNode deployments = body.putArray("deployments");
    for (DeploymentHealth.DeploymentState s : routing.health().snapshot()) {
      ObjectNode d = deployments.addObject()
          .put("id", s.id())
          .put("circuit", s.circuit())
          .put("consecutive_failures", s.consecutiveFailures())
          .put("inflight", s.inflight());
      d.put("open_until", s.openUntil() == null ? null : s.openUntil().toString());
      d.put("cooldown_until", s.cooldownUntil() == null ? null : s.cooldownUntil().toString());
      d.put("latency_ms", s.latencyMillis());
      d.put("tokens_per_second", s.tokensPerSecond());
    }
    exchange.response().putHeader("content-type", "application/json").end(body.toString());
  }


}
