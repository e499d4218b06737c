package dev.sluice.server.proxy;

import dev.sluice.core.dialect.openai.OpenAiChatRequest;
import dev.sluice.core.dialect.openai.OpenAiEmbeddingsRequest;
import dev.sluice.core.dialect.openai.OpenAiResponses;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.route.Deployment;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.http.Exchange;
import dev.sluice.server.provider.ProviderEndpoint;
import dev.sluice.server.provider.ProviderRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The OpenAI-dialect routes, {@code /v1/chat/completions} and {@code /v1/embeddings}, on providers that
 * speak the OpenAI protocol: the body is validated, the model resolved, and the body passed through with
 * the minimal edits {@link OpenAiChatRequest#toUpstreamBody} makes. Nothing here is decoded into the
 * canonical model; translation for other protocols plugs in beside this.
 */
public final class OpenAiProxy {
  private final ProviderRegistry providers;
  private final UnaryProxy unary;
  private final StreamingProxy streaming;
  private final RandomGenerator random = new SplittableRandom();

  public OpenAiProxy(Vertx vertx, SluiceConfig config, ProviderRegistry providers, UpstreamClient client) {
    this.providers = providers;
    AccessLog accessLog = new AccessLog();
    this.unary = new UnaryProxy(vertx, client, config.routing().attemptTimeout(), accessLog);
    this.streaming = new StreamingProxy(vertx, client, config.routing().ttftTimeout(),
        config.routing().attemptTimeout(), config.server().sseKeepAlive(), accessLog);
  }

  public void chatCompletions(Exchange exchange, Buffer body) {
    OpenAiChatRequest request = OpenAiChatRequest.parse(body.getBytes());
    Deployment deployment = resolve(request.model());
    Target target = target(exchange, deployment, "/chat/completions", request.toUpstreamBody(deployment.model()));
    if (request.stream()) {
      streaming.forward(exchange, target, request.includeUsage());
    } else {
      unary.forward(exchange, target, OpenAiResponses::usageOfChatCompletion);
    }
  }

  public void embeddings(Exchange exchange, Buffer body) {
    OpenAiEmbeddingsRequest request = OpenAiEmbeddingsRequest.parse(body.getBytes());
    Deployment deployment = resolve(request.model());
    Target target = target(exchange, deployment, "/embeddings", request.toUpstreamBody(deployment.model()));
    unary.forward(exchange, target, OpenAiResponses::usageOfEmbeddings);
  }

  private Deployment resolve(String model) {
    // Resolution happens before any upstream call or response byte, so an unknown model is a plain 404
    // also for stream:true requests.
    return providers.routes().resolve(model, random).orElseThrow(() -> GatewayException.modelNotFound(model));
  }

  private Target target(Exchange exchange, Deployment deployment, String operation, byte[] body) {
    ProviderEndpoint endpoint = providers.endpoint(deployment.provider());
    exchange.response()
        .putHeader("x-sluice-provider", endpoint.name())
        .putHeader("x-sluice-model", deployment.qualifiedName());
    return new Target(deployment, endpoint, operation, body);
  }
}
