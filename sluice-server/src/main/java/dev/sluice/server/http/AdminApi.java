package dev.sluice.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.error.ErrorKind;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.route.DeploymentHealth;
import dev.sluice.server.route.Routing;
import io.vertx.core.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The admin API, authenticated by the admin key ({@code Authorization: Bearer <admin key>}, compared in
 * constant time). Virtual keys never open it. Without a configured admin key it is disabled (403).
 *
 * <p>{@code GET /admin/routing}: every deployment's circuit state, cooldown, in-flight count and EWMA
 * latency and throughput.
 */
public final class AdminApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final byte[] adminKey;
  private final Routing routing;

  public AdminApi(String adminKey, Routing routing) {
    this.adminKey = adminKey == null ? null : adminKey.getBytes(StandardCharsets.UTF_8);
    this.routing = routing;
  }

  void routing(Exchange exchange) {
    if (!authorized(exchange, HttpMethod.GET)) {
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

  private boolean authorized(Exchange exchange, HttpMethod method) {
    if (exchange.request().method() != method) {
      exchange.response().putHeader("allow", method.name());
      ErrorResponder.send(exchange, new GatewayException(ErrorKind.METHOD_NOT_ALLOWED,
          exchange.request().path() + " accepts " + method.name() + " only.", null, "method_not_allowed"));
      return false;
    }
    if (adminKey == null) {
      ErrorResponder.send(exchange, GatewayException.permission(
          "The admin API is disabled: set server.admin_key or SLUICE_ADMIN_KEY to enable it."));
      return false;
    }
    String header = exchange.request().getHeader("authorization");
    byte[] presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
        ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
    if (!MessageDigest.isEqual(presented, adminKey)) {
      ErrorResponder.send(exchange, GatewayException.authentication("This route needs the admin key."));
      return false;
    }
    return true;
  }
}
