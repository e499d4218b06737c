package dev.sluice.server.metrics;

import dev.sluice.server.http.AdminAuth;
import dev.sluice.server.http.Exchange;
import io.vertx.core.http.HttpMethod;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code GET /metrics} in Prometheus text format. Open when the gateway has no admin key (it then binds
 * loopback only); with an admin key, scrapers send it as a bearer token, so a gateway reachable from the
 * network does not publish its traffic to anyone who asks.
 */
public final class MetricsEndpoint implements Consumer<Exchange> {
  private final GatewayMetrics metrics;
  private final AdminAuth auth;
  private final boolean open;

  public MetricsEndpoint(GatewayMetrics metrics, AdminAuth auth, boolean open) {
    this.metrics = metrics;
    this.auth = auth;
    this.open = open;
  }

  @Override
  public void accept(Exchange exchange) {
    if (!open && !auth.authorize(exchange, Set.of(HttpMethod.GET))) {
      return;
    }
    exchange.response()
        .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
        .end(metrics.scrape());
  }
}
