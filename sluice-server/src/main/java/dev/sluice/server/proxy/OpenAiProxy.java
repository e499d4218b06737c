package dev.sluice.server.proxy;

import dev.sluice.core.dialect.openai.OpenAiChatRequest;
import dev.sluice.core.dialect.openai.OpenAiEmbeddingsRequest;
import dev.sluice.core.dialect.openai.OpenAiResponses;
import dev.sluice.core.route.AutoChoice;
import dev.sluice.core.route.DeploymentSpec;
import dev.sluice.core.route.Plan;
import dev.sluice.core.route.PromptAnalyzer;
import dev.sluice.core.route.ProviderPreferences;
import dev.sluice.core.route.RequestNeeds;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.http.Exchange;
import dev.sluice.server.provider.ProviderRegistry;
import dev.sluice.server.route.Routing;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The OpenAI-dialect routes, {@code /v1/chat/completions} and {@code /v1/embeddings}, on providers that
 * speak the OpenAI protocol. The body is validated once, the router plans the deployments (aliases,
 * fallbacks, preferences, health, the auto router), and each attempt sends the client's body with the
 * minimal edits {@link OpenAiChatRequest#toUpstreamBody} makes. Nothing here is decoded into the
 * canonical model; translation for other protocols plugs in beside this.
 */
public final class OpenAiProxy {
  /** The auto router reads at most this much of the prompt's text. */
  private static final int AUTO_PROMPT_CHARS = 128 * 1024;

  private final Routing routing;
  private final AttemptLoop loop;

  public OpenAiProxy(Vertx vertx, SluiceConfig config, ProviderRegistry providers, UpstreamClient client,
      Routing routing, AttemptRecorder recorder) {
    this.routing = routing;
    UnaryProxy unary = new UnaryProxy(vertx, client, config.routing().attemptTimeout());
    StreamingProxy streaming = new StreamingProxy(vertx, client, config.routing().ttftTimeout(),
        config.routing().attemptTimeout(), config.server().sseKeepAlive());
    this.loop = new AttemptLoop(vertx, providers, routing.health(), routing.policy(),
        config.routing().totalTimeout(), unary, streaming, recorder);
  }

  public void chatCompletions(Exchange exchange, Buffer body) {
    OpenAiChatRequest request = OpenAiChatRequest.parse(body.getBytes());
    RequestNeeds needs = request.needs();
    List<String> models = new ArrayList<>();
    String routeNote = null;
    if (routing.isAuto(request.model())) {
      AutoChoice choice = routing.chooseAuto(request.model(), PromptAnalyzer.analyze(
          request.promptText(AUTO_PROMPT_CHARS), needs.promptTokens(), needs.images(), needs.tools()));
      models.add(choice.model());
      routeNote = choice.explanation();
    } else {
      models.add(request.model());
    }
    models.addAll(request.fallbackModels());
    Plan plan = routing.plan(models, request.preferences().over(exchange.caller().routing()), needs);
    AttemptLoop.Bodies bodies = new AttemptLoop.Bodies() {
      @Override
      public byte[] fresh(DeploymentSpec deployment) {
        return request.toUpstreamBody(deployment.model());
      }

      @Override
      public byte[] continuation(DeploymentSpec deployment, String partialAnswer) {
        return request.toContinuationBody(deployment.model(), partialAnswer);
      }
    };
    if (request.stream()) {
      loop.stream(exchange, plan, "/chat/completions", bodies, request.includeUsage(), routeNote);
    } else {
      loop.unary(exchange, plan, "/chat/completions", bodies, OpenAiResponses::usageOfAnsweredChatCompletion,
          routeNote);
    }
  }

  public void embeddings(Exchange exchange, Buffer body) {
    OpenAiEmbeddingsRequest request = OpenAiEmbeddingsRequest.parse(body.getBytes());
    Plan plan = routing.plan(List.of(request.model()), ProviderPreferences.NONE, RequestNeeds.NONE);
    AttemptLoop.Bodies bodies = new AttemptLoop.Bodies() {
      @Override
      public byte[] fresh(DeploymentSpec deployment) {
        return request.toUpstreamBody(deployment.model());
      }

      @Override
      public byte[] continuation(DeploymentSpec deployment, String partialAnswer) {
        return fresh(deployment); // embeddings never stream, so never continue
      }
    };
    loop.unary(exchange, plan, "/embeddings", bodies, OpenAiResponses::usageOfEmbeddings, null);
  }
}
