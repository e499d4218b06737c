package dev.sluice.server.proxy;

import dev.sluice.core.dialect.openai.OpenAiChatRequest;
import dev.sluice.core.dialect.openai.OpenAiEmbeddingsRequest;
import dev.sluice.core.dialect.openai.OpenAiPassthroughStream;
import dev.sluice.core.model.Usage;
import dev.sluice.core.dialect.openai.OpenAiResponses;
import dev.sluice.core.route.AutoChoice;
import dev.sluice.core.route.DeploymentSpec;
import dev.sluice.core.route.Plan;
import dev.sluice.core.route.PromptAnalyzer;
import dev.sluice.core.route.RequestNeeds;
import dev.sluice.core.tokens.TokenEstimator;
import dev.sluice.server.admission.Admission;
import dev.sluice.server.admission.RequestScopes;
import dev.sluice.server.admission.TagsHeader;
import dev.sluice.server.auth.Caller;
import dev.sluice.server.config.SluiceConfig;
import dev.sluice.server.http.ErrorResponder;
import dev.sluice.server.http.Exchange;
import dev.sluice.server.provider.ProviderEndpoint;
import dev.sluice.server.provider.ProviderRegistry;
import dev.sluice.server.route.Routing;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
  private final Admission admission;
  private final AttemptLoop loop;

  public OpenAiProxy(Vertx vertx, SluiceConfig config, ProviderRegistry providers, UpstreamClient client,
      Routing routing, Admission admission, AttemptRecorder recorder) {
    this.routing = routing;
    this.admission = admission;
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
    Caller caller = exchange.caller();
    Plan plan = routing.plan(models, request.preferences().over(caller.routing()), needs);
    Map<String, String> tags = TagsHeader.merge(request.metadata(), exchange.request().getHeader(TagsHeader.NAME));
    RequestScopes scopes = new RequestScopes(caller.keyId(), caller.user() != null ? caller.user() : request.user(),
        caller.team(), caller.org(), request.model(), tags);
    Long maxCost = request.maxCostNanos() != null ? request.maxCostNanos() : caller.maxCostNanos();
    String note = routeNote;
    whenAdmitted(exchange, scopes, () -> {
      Admission.Ticket ticket = admission.admit(scopes, plan, needs, maxCost, exchange.response());
      // Counted with jtokkit only if a provider leaves usage out (off the hot path).
      Accounting accounting = new Accounting(
          () -> TokenEstimator.estimate(request.promptText(Integer.MAX_VALUE), request.model()),
          request.usageInclude(), scopes, ticket::settle);
      send(exchange, request, plan, note, accounting);
    });
  }

  private void send(Exchange exchange, OpenAiChatRequest request, Plan plan, String routeNote, Accounting accounting) {
    boolean clientWantsUsage = request.includeUsage() || request.usageInclude();
    AttemptLoop.Calls calls = new AttemptLoop.Calls() {
      @Override
      public UpstreamRequest fresh(DeploymentSpec deployment, ProviderEndpoint endpoint) {
        return passthrough(endpoint, request.toUpstreamBody(deployment.model()), clientWantsUsage);
      }

      @Override
      public UpstreamRequest continuation(DeploymentSpec deployment, ProviderEndpoint endpoint, String partialAnswer) {
        return passthrough(endpoint, request.toContinuationBody(deployment.model(), partialAnswer), clientWantsUsage);
      }
    };
    if (request.stream()) {
      loop.stream(exchange, plan, calls, routeNote, accounting);
    } else {
      loop.unary(exchange, plan, calls, routeNote, accounting);
    }
  }

  /** OpenAI caller, OpenAI-protocol provider: the client's body with minimal edits, the answer as it comes. */
  private static UpstreamRequest passthrough(ProviderEndpoint endpoint, byte[] body, boolean clientWantsUsage) {
    return new UpstreamRequest("/chat/completions", java.util.Map.of(), body, OpenAiProxy::readChatCompletion,
        () -> new OpenAiPassthroughStream(clientWantsUsage), UpstreamRequest.SSE);
  }

  private static UnaryAnswer readChatCompletion(byte[] body) {
    Usage usage = OpenAiResponses.usageOfAnsweredChatCompletion(body);
    return usage == null ? null : new UnaryAnswer(usage, body, OpenAiResponses.answerText(body));
  }

  public void embeddings(Exchange exchange, Buffer body) {
    OpenAiEmbeddingsRequest request = OpenAiEmbeddingsRequest.parse(body.getBytes());
    Caller caller = exchange.caller();
    Plan plan = routing.plan(List.of(request.model()), caller.routing(), RequestNeeds.NONE);
    Map<String, String> tags = TagsHeader.merge(Map.of(), exchange.request().getHeader(TagsHeader.NAME));
    RequestScopes scopes = new RequestScopes(caller.keyId(), caller.user(), caller.team(), caller.org(),
        request.model(), tags);
    whenAdmitted(exchange, scopes, () -> {
      Admission.Ticket ticket = admission.admit(scopes, plan, RequestNeeds.NONE, caller.maxCostNanos(),
          exchange.response());
      sendEmbeddings(exchange, request, plan, new Accounting(() -> 0, false, scopes, ticket::settle));
    });
  }

  private void sendEmbeddings(Exchange exchange, OpenAiEmbeddingsRequest request, Plan plan, Accounting accounting) {
    AttemptLoop.Calls calls = new AttemptLoop.Calls() {
      @Override
      public UpstreamRequest fresh(DeploymentSpec deployment, ProviderEndpoint endpoint) {
        return new UpstreamRequest("/embeddings", java.util.Map.of(), request.toUpstreamBody(deployment.model()),
            body -> {
              Usage usage = OpenAiResponses.usageOfEmbeddings(body);
              return usage == null ? null : new UnaryAnswer(usage, body, "");
            }, () -> {
              throw new IllegalStateException("embeddings never stream");
            }, UpstreamRequest.SSE);
      }

      @Override
      public UpstreamRequest continuation(DeploymentSpec deployment, ProviderEndpoint endpoint, String partialAnswer) {
        return fresh(deployment, endpoint); // embeddings never stream, so never continue
      }
    };
    loop.unary(exchange, plan, calls, null, accounting);
  }

  /**
   * Runs {@code admitted} once the budgets know this request's scopes (usually at once; the first request
   * of a new scope waits for its spend to load off the event loop). Refusals become the caller's error.
   */
  private void whenAdmitted(Exchange exchange, RequestScopes scopes, Runnable admitted) {
    admission.prepare(scopes).onComplete(ready -> {
      if (ready.failed()) {
        ErrorResponder.send(exchange, ready.cause());
        return;
      }
      try {
        admitted.run();
      } catch (RuntimeException refused) {
        ErrorResponder.send(exchange, refused);
      }
    });
  }
}
