package dev.sluice.server.route;

import dev.sluice.core.route.DeploymentHealth;
import dev.sluice.core.route.DeploymentSpec;
import dev.sluice.core.route.FailureClass;
import dev.sluice.core.route.VirtualModel;
import dev.sluice.server.config.ModelAlias;
import dev.sluice.server.config.ModelEntry;
import dev.sluice.server.config.ProviderSettings;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.provider.ProviderEndpoint;
import dev.sluice.server.provider.ProviderRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Optional active health checks ({@code routing.health_check_interval}): every interval, a
 * {@code GET <base_url>/models} to each provider. A provider that does not answer, or answers 5xx, counts
 * one failure against every known deployment of it, so after {@code failure_threshold} failed checks its
 * circuits open and requests stop going there before any caller pays for finding out. Successful checks
 * change nothing: a circuit closes only when a real request (the half-open probe) succeeds, because a
 * listing answering says little about a model serving.
 */
public final class HealthChecker implements AutoCloseable {
  private final Vertx vertx;
  private final HttpClientAgent client;
  private final DeploymentHealth health;
  private final Map<ProviderEndpoint, List<String>> deploymentsByProvider;
  private final Duration timeout;
  private long timer = -1;

  public HealthChecker(Vertx vertx, SluiceConfig config, ProviderRegistry providers, Routing routing) {
    this.vertx = vertx;
    this.health = routing.health();
    this.timeout = config.routing().connectTimeout().plus(config.routing().connectTimeout());
    this.client = vertx.createHttpClient(new HttpClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.routing().connectTimeout().toMillis()))
        .setMaxRedirects(0));
    this.deploymentsByProvider = knownDeployments(config, providers, routing);
  }

  public void start(Duration interval) {
    timer = vertx.setPeriodic(interval.toMillis(), id -> checkAll());
  }

  private void checkAll() {
    deploymentsByProvider.forEach((endpoint, ids) -> {
      RequestOptions options = new RequestOptions()
          .setMethod(HttpMethod.GET)
          .setHost(endpoint.host())
          .setPort(endpoint.port())
          .setSsl(endpoint.ssl())
          .setURI(endpoint.path("/models"))
          .setFollowRedirects(false)
          .setIdleTimeout(timeout.toMillis())
          .setHeaders(HttpHeaders.headers().addAll(endpoint.headers()));
      client.request(options)
          .compose(request -> request.send())
          .compose(response -> response.body().map(body -> response.statusCode()))
          .onComplete(done -> {
            if (done.failed()) {
              ids.forEach(id -> health.failed(id, FailureClass.CONNECT, null));
            } else if (done.result() >= 500) {
              ids.forEach(id -> health.failed(id, FailureClass.SERVER_ERROR, null));
            }
          });
    });
  }

  /** Every deployment id the configuration names for each provider: alias deployments and listed models. */
  private static Map<ProviderEndpoint, List<String>> knownDeployments(SluiceConfig config, ProviderRegistry providers,
      Routing routing) {
    Map<String, Set<String>> ids = new LinkedHashMap<>();
    for (ProviderSettings p : config.providers()) {
      Set<String> set = ids.computeIfAbsent(p.name(), k -> new LinkedHashSet<>());
      for (ModelEntry m : p.models()) {
        set.add(p.name() + "/" + m.name());
      }
    }
    for (ModelAlias alias : config.models()) {
      VirtualModel model = routing.catalog().resolve(alias.name()).orElseThrow();
      for (DeploymentSpec d : model.deployments()) {
        ids.computeIfAbsent(d.provider(), k -> new LinkedHashSet<>()).add(d.id());
      }
    }
    Map<ProviderEndpoint, List<String>> out = new LinkedHashMap<>();
    ids.forEach((provider, set) -> out.put(providers.endpoint(provider), new ArrayList<>(set)));
    return out;
  }

  @Override
  public void close() {
    if (timer != -1) {
      vertx.cancelTimer(timer);
    }
    client.close();
  }
}
