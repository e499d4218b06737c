package dev.sluice.server.proxy;

import dev.sluice.core.canonical.CanonicalNeeds;
import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.DialectCodec;
import dev.sluice.core.canonical.ObservedPassthroughStream;
import dev.sluice.core.canonical.TopLevelField;
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
import dev.sluice.server.http.Exchange;
import dev.sluice.server.provider.ProviderRegistry;
import dev.sluice.server.route.Routing;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;

/**
 * A chat route of a caller dialect other than OpenAI Chat Completions ({@code /v1/messages},
 * {@code /v1/responses}): decode to the canonical request, plan, admit, and per attempt either pass the
 * caller's body through (when the deployment speaks the caller's own protocol) or translate.
 */
public final class DialectProxy {
  private static final int AUTO_PROMPT_CHARS = 128 * 1024;

  /** How a caller's body goes unchanged (but for the model) to a provider of its own protocol. */
  public interface Passthrough {
    /** True when this provider speaks the caller's protocol. */
    boolean applies(ProviderRegistry.Provider provider);

    UpstreamRequest call(Exchange exchange, byte[] body, String upstreamModel, ProviderRegistry.Provider provider);
  }

  private final DialectCodec dialect;
  private final Passthrough passthrough;
  private final Routing routing;
  private final Admission admission;
  private final AttemptLoop loop;

  DialectProxy(DialectCodec dialect, Passthrough passthrough, Routing routing, Admission admission, AttemptLoop loop) {
    this.dialect = dialect;
    this.passthrough = passthrough;
    this.routing = routing;
    this.admission = admission;
    this.loop = loop;
  }

  public void handle(Exchange exchange, Buffer body) {
    byte[] raw = body.getBytes();
    ChatRequest request = dialect.decodeRequest(raw);
    RequestNeeds needs = CanonicalNeeds.of(request);
    String model = request.model();
    String routeNote = null;
    if (routing.isAuto(model)) {
      AutoChoice choice = routing.chooseAuto(model, PromptAnalyzer.analyze(request.promptText(AUTO_PROMPT_CHARS),
          needs.promptTokens(), needs.images(), needs.tools()));
      model = choice.model();
      routeNote = choice.explanation();
    }
    Caller caller = exchange.caller();
    Plan plan = routing.plan(List.of(model), caller.routing(), needs);
    Map<String, String> tags = TagsHeader.merge(request.metadata(), exchange.request().getHeader(TagsHeader.NAME));
    RequestScopes scopes = new RequestScopes(caller.keyId(), caller.user() != null ? caller.user() : request.user(),
        caller.team(), caller.org(), request.model(), tags);
    String note = routeNote;
    Admitting.whenAdmitted(admission, exchange, scopes, () -> {
      Admission.Ticket ticket = admission.admit(scopes, plan, needs, caller.maxCostNanos(), exchange.response());
      Accounting accounting = new Accounting(
          () -> TokenEstimator.estimate(request.promptText(Integer.MAX_VALUE), request.model()), false, scopes,
          ticket::settle);
      AttemptLoop.Calls calls = new AttemptLoop.Calls() {
        @Override
        public UpstreamRequest fresh(DeploymentSpec deployment, ProviderRegistry.Provider provider) {
          if (passthrough != null && passthrough.applies(provider)) {
            return passthrough.call(exchange, raw, deployment.model(), provider);
          }
          CacheControlWarning.check(exchange, request, provider);
          return Translation.call(provider, dialect, request, deployment.model(), needs.promptTokens());
        }

        @Override
        public UpstreamRequest continuation(DeploymentSpec deployment, ProviderRegistry.Provider provider,
            String partialAnswer) {
          // Not reached: continuation reads OpenAI chunks, so these routes run with it off (withoutContinuation).
          return fresh(deployment, provider);
        }
      };
      if (request.stream()) {
        loop.stream(exchange, plan.withoutContinuation(), calls, note, accounting);
      } else {
        loop.unary(exchange, plan, calls, note, accounting);
      }
    });
  }

  /** Anthropic caller, Anthropic provider: the body with the model renamed; the answer as it comes. */
  public static Passthrough anthropic() {
    return new Passthrough() {
      @Override
      public boolean applies(ProviderRegistry.Provider provider) {
        return provider.speaks("anthropic");
      }

      @Override
      public UpstreamRequest call(Exchange exchange, byte[] body, String upstreamModel,
          ProviderRegistry.Provider provider) {
        String version = exchange.request().getHeader("anthropic-version");
        String beta = exchange.request().getHeader("anthropic-beta");
        Map<String, String> headers = beta == null
            ? Map.of("anthropic-version", version == null ? "2023-06-01" : version)
            : Map.of("anthropic-version", version == null ? "2023-06-01" : version, "anthropic-beta", beta);
        return new UpstreamRequest("/v1/messages", headers, TopLevelField.replaceString(body, "model", upstreamModel),
            answer -> {
              var decoded = provider.codec().decodeChat(answer);
              return new UnaryAnswer(decoded.usage(), answer, decoded.text());
            }, () -> new ObservedPassthroughStream(provider.codec().streamDecoder()), UpstreamRequest.SSE);
      }
    };
  }
}
