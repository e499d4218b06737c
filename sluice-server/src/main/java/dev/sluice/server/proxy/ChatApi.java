package dev.sluice.server.proxy;

import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.dialect.anthropic.AnthropicCountTokens;
import dev.sluice.core.dialect.anthropic.AnthropicDialect;
import dev.sluice.core.dialect.responses.ResponsesDialect;
import dev.sluice.server.http.ErrorDialect;
import dev.sluice.core.dialect.openai.OpenAiChatDialect;
import dev.sluice.core.dialect.openai.OpenAiChatRequest;
import dev.sluice.core.dialect.openai.OpenAiEmbeddingsRequest;
import dev.sluice.core.dialect.openai.OpenAiPassthroughStream;
import dev.sluice.core.model.Usage;
import dev.sluice.core.model.UsageSource;
import dev.sluice.core.canonical.EmbeddingRequest;
import dev.sluice.core.canonical.EmbeddingResponse;
import dev.sluice.core.canonical.UpstreamCall;
import dev.sluice.core.dialect.openai.OpenAiEmbeddingsAnswer;
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
import dev.sluice.server.http.Exchange;
import dev.sluice.server.provider.ProviderRegistry;
import dev.sluice.server.route.Routing;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The model-calling routes. OpenAI's {@code /v1/chat/completions} and {@code /v1/embeddings} are handled
 * here: the body is validated once, the router plans the deployments (aliases, fallbacks, preferences,
 * health, the auto router), and each attempt on an OpenAI-protocol provider sends the client's body with
 * the minimal edits {@link OpenAiChatRequest#toUpstreamBody} makes; on any other provider it is decoded
 * once into the canonical model and translated. Anthropic's {@code /v1/messages} and OpenAI's
 * {@code /v1/responses} go through a {@link DialectProxy} on the same attempt loop.
 */
public final class ChatApi {
  /** The auto router reads at most this much of the prompt's text. */
  private static final int AUTO_PROMPT_CHARS = 128 * 1024;

  /** The OpenAI chat dialect on the canonical model, for deployments of other protocols. */
  private static final OpenAiChatDialect DIALECT = new OpenAiChatDialect();
  private static final AnthropicDialect ANTHROPIC = new AnthropicDialect();
  private static final ResponsesDialect RESPONSES = new ResponsesDialect();

  private final Routing routing;
  private final Admission admission;
  private final AttemptLoop loop;
  private final DialectProxy messages;
  private final DialectProxy responses;

  public ChatApi(Vertx vertx, SluiceConfig config, ProviderRegistry providers, UpstreamClient client,
      Routing routing, Admission admission, AttemptRecorder recorder) {
    this.routing = routing;
    this.admission = admission;
    UnaryProxy unary = new UnaryProxy(vertx, client, config.routing().attemptTimeout());
    StreamingProxy streaming = new StreamingProxy(vertx, client, config.routing().ttftTimeout(),
        config.routing().attemptTimeout(), config.server().sseKeepAlive());
    this.loop = new AttemptLoop(vertx, providers, routing.health(), routing.policy(),
        config.routing().totalTimeout(), unary, streaming, recorder);
    this.messages = new DialectProxy(ANTHROPIC, DialectProxy.anthropic(), routing, admission, loop);
    this.responses = new DialectProxy(RESPONSES, null, routing, admission, loop);
  }

  /** {@code POST /v1/messages}: Anthropic's Messages API, on any provider. */
  public void messages(Exchange exchange, Buffer body) {
    messages.handle(exchange, body);
  }

  /** {@code POST /v1/responses}: OpenAI's Responses API, on any provider (nothing is stored). */
  public void responses(Exchange exchange, Buffer body) {
    responses.handle(exchange, body);
  }

  /**
   * {@code POST /v1/messages/count_tokens}: the prompt's input tokens, estimated for every model (the
   * response says so in {@code x-sluice-estimated}), so agents that budget their context work on any provider.
   */
  public void countTokens(Exchange exchange, Buffer body) {
    long tokens = AnthropicCountTokens.inputTokens(body.getBytes());
    exchange.response().putHeader("content-type", "application/json").putHeader("x-sluice-estimated", "true")
        .end(Buffer.buffer(AnthropicCountTokens.responseBody(tokens)));
  }

  /** The error dialect of Anthropic callers. */
  public static final ErrorDialect ANTHROPIC_ERRORS = ErrorDialect.of(new AnthropicDialect());
  /** The error dialect of Responses callers. */
  public static final ErrorDialect RESPONSES_ERRORS = ErrorDialect.of(new ResponsesDialect());

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
    Admitting.whenAdmitted(admission, exchange, scopes, () -> {
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
    long promptEstimate = request.needs().promptTokens();
    AttemptLoop.Calls calls = new AttemptLoop.Calls() {
      private ChatRequest canonical; // decoded on the first attempt that needs translation

      private ChatRequest canonical() {
        if (canonical == null) {
          canonical = DIALECT.toCanonical(request);
        }
        return canonical;
      }

      @Override
      public UpstreamRequest fresh(DeploymentSpec deployment, ProviderRegistry.Provider provider) {
        if (provider.speaksOpenAi()) {
          return passthrough(request.toUpstreamBody(deployment.model()), clientWantsUsage);
        }
        CacheControlWarning.check(exchange, canonical(), provider);
        return Translation.call(provider, DIALECT, canonical(), deployment.model(), promptEstimate);
      }

      @Override
      public UpstreamRequest continuation(DeploymentSpec deployment, ProviderRegistry.Provider provider,
          String partialAnswer) {
        if (provider.speaksOpenAi()) {
          return passthrough(request.toContinuationBody(deployment.model(), partialAnswer), clientWantsUsage);
        }
        return Translation.call(provider, DIALECT, canonical().withAssistantPrefix(partialAnswer), deployment.model(),
            promptEstimate);
      }
    };
    if (request.stream()) {
      loop.stream(exchange, plan, calls, routeNote, accounting);
    } else {
      loop.unary(exchange, plan, calls, routeNote, accounting);
    }
  }

  /** OpenAI caller, OpenAI-protocol provider: the client's body with minimal edits, the answer as it comes. */
  private static UpstreamRequest passthrough(byte[] body, boolean clientWantsUsage) {
    return new UpstreamRequest("/chat/completions", java.util.Map.of(), body, ChatApi::readChatCompletion,
        () -> new OpenAiPassthroughStream(clientWantsUsage), UpstreamRequest.SSE);
  }

  private static UnaryAnswer readChatCompletion(byte[] body) {
    Usage usage = OpenAiResponses.usageOfAnsweredChatCompletion(body);
    if (usage == null) {
      return null;
    }
    // The answer's text is needed only to estimate tokens a provider did not report: parse it only then.
    return new UnaryAnswer(usage, body, usage.isKnown() ? "" : OpenAiResponses.answerText(body));
  }

  public void embeddings(Exchange exchange, Buffer body) {
    OpenAiEmbeddingsRequest request = OpenAiEmbeddingsRequest.parse(body.getBytes());
    Caller caller = exchange.caller();
    Plan plan = routing.plan(List.of(request.model()), caller.routing(), RequestNeeds.NONE);
    Map<String, String> tags = TagsHeader.merge(Map.of(), exchange.request().getHeader(TagsHeader.NAME));
    RequestScopes scopes = new RequestScopes(caller.keyId(), caller.user(), caller.team(), caller.org(),
        request.model(), tags);
    // The budget reserves a worst case before the call. With no prompt tokens that worst case was $0, so an
    // embeddings request passed any budget not yet overspent, however little was left. A token is at least one
    // byte of the body, so the body's size is a true upper bound on the input tokens; the real cost settles it.
    RequestNeeds needs = new RequestNeeds(false, false, false, body.length(), 0);
    Admitting.whenAdmitted(admission, exchange, scopes, () -> {
      Admission.Ticket ticket = admission.admit(scopes, plan, needs, caller.maxCostNanos(),
          exchange.response());
      sendEmbeddings(exchange, request, plan, new Accounting(() -> 0, false, scopes, ticket::settle));
    });
  }

  private void sendEmbeddings(Exchange exchange, OpenAiEmbeddingsRequest request, Plan plan, Accounting accounting) {
    AttemptLoop.Calls calls = new AttemptLoop.Calls() {
      @Override
      public UpstreamRequest fresh(DeploymentSpec deployment, ProviderRegistry.Provider provider) {
        if (provider.speaksOpenAi()) {
          return UpstreamRequest.unary("/embeddings", Map.of(), request.toUpstreamBody(deployment.model()), body -> {
            Usage usage = OpenAiResponses.usageOfEmbeddings(body); // refuses a body that is not one JSON object
            return usage == null ? null : new UnaryAnswer(usage, body, "");
          });
        }
        EmbeddingRequest canonical = OpenAiEmbeddingsAnswer.canonical(request);
        UpstreamCall call = provider.codec().embeddingsCall(canonical, deployment.model());
        boolean base64 = "base64".equals(request.encodingFormat());
        return UpstreamRequest.unary(call.path(), call.headers(), call.body(), body -> {
          EmbeddingResponse answer = provider.codec().decodeEmbeddings(body);
          // Embeddings read input and write none: when the provider reports no count (Gemini), the inputs are
          // estimated as input tokens, never as output.
          Usage usage = answer.inputTokens() > 0
              ? new Usage(answer.inputTokens(), 0, 0, 0, 0, UsageSource.REPORTED)
              : new Usage(TokenEstimator.estimate(String.join("\n", canonical.inputs()), deployment.model()), 0, 0, 0,
                  0, UsageSource.ESTIMATED);
          return new UnaryAnswer(usage, OpenAiEmbeddingsAnswer.encode(answer, usage.inputTokens(), request.model(), base64),
              "");
        });
      }

      @Override
      public UpstreamRequest continuation(DeploymentSpec deployment, ProviderRegistry.Provider provider,
          String partialAnswer) {
        return fresh(deployment, provider); // embeddings never stream, so never continue
      }
    };
    loop.unary(exchange, plan, calls, null, accounting);
  }
}
