package dev.sluice.server.proxy;

import dev.sluice.core.model.Usage;
import dev.sluice.core.route.AttemptPolicy;
import dev.sluice.core.route.Decision;
import dev.sluice.core.route.DeploymentHealth;
import dev.sluice.core.route.DeploymentSpec;
import dev.sluice.core.route.FailureClass;
import dev.sluice.core.route.Plan;
import dev.sluice.core.dialect.openai.OpenAiUsageCost;
import dev.sluice.core.price.Cost;
import dev.sluice.core.price.Money;
import dev.sluice.core.usage.AttemptRecord;
import dev.sluice.core.usage.AttemptStart;
import dev.sluice.server.admission.RequestScopes;
import dev.sluice.server.http.ErrorResponder;
import dev.sluice.server.http.Exchange;
import dev.sluice.server.provider.ProviderRegistry;
import dev.sluice.core.error.GatewayException;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiFunction;

/**
 * Walks a plan for one request: an attempt on the current deployment, then, on failure, what the
 * {@link AttemptPolicy} decides: retry after a delay, fall back to the next deployment, continue a broken
 * stream elsewhere (opt-in), or stop and give the client the failure. Every attempt updates the
 * deployment's health and gets its own access-log line. Retries and fallbacks happen only while no byte
 * has gone to the client.
 */
final class AttemptLoop {
  private final Vertx vertx;
  private final ProviderRegistry providers;
  private final DeploymentHealth health;
  private final AttemptPolicy policy;
  private final Duration totalTimeout;
  private final UnaryProxy unary;
  private final StreamingProxy streaming;
  private final AttemptRecorder recorder;

  AttemptLoop(Vertx vertx, ProviderRegistry providers, DeploymentHealth health, AttemptPolicy policy,
      Duration totalTimeout, UnaryProxy unary, StreamingProxy streaming, AttemptRecorder recorder) {
    this.vertx = vertx;
    this.providers = providers;
    this.health = health;
    this.policy = policy;
    this.totalTimeout = totalTimeout;
    this.unary = unary;
    this.streaming = streaming;
    this.recorder = recorder;
  }

  /** How to call a deployment for an attempt, fresh or continuing a partial answer. */
  interface Calls {
    UpstreamRequest fresh(DeploymentSpec deployment, ProviderRegistry.Provider provider);

    UpstreamRequest continuation(DeploymentSpec deployment, ProviderRegistry.Provider provider, String partialAnswer);
  }

  void unary(Exchange exchange, Plan plan, Calls calls, String routeNote, Accounting accounting) {
    new Run(exchange, plan, calls, routeNote, false, accounting).start();
  }

  void stream(Exchange exchange, Plan plan, Calls calls, String routeNote, Accounting accounting) {
    new Run(exchange, plan, calls, routeNote, true, accounting).start();
  }

  /** The state of one request's walk through its plan; lives on the request's event loop. */
  private final class Run {
    private final Exchange exchange;
    private final Plan plan;
    private final Calls calls;
    private final String routeNote;
    private final boolean streamed;
    private final Accounting accounting;
    private final long deadlineNanos = System.nanoTime() + totalTimeout.toNanos();
    private final Promise<Void> clientGone = Promise.promise();
    private int index;
    private int attemptsOnDeployment;
    private int totalAttempts;
    private String partialAnswer = "";
    private String continuedFrom;
    private long retryTimer = -1;
    private long attemptStartNanos;
    private Instant attemptStartedAt;

    Run(Exchange exchange, Plan plan, Calls calls, String routeNote, boolean streamed, Accounting accounting) {
      this.accounting = accounting;
      this.exchange = exchange;
      this.plan = plan;
      this.calls = calls;
      this.routeNote = routeNote;
      this.streamed = streamed;
    }

    void start() {
      exchange.response().closeHandler(v -> {
        clientGone.tryComplete();
        if (retryTimer != -1) {
          vertx.cancelTimer(retryTimer);
        }
      });
      attempt();
    }

    private void attempt() {
      if (clientGone.future().isComplete()) {
        return;
      }
      Plan.Attempt planned = plan.attempts().get(index);
      DeploymentSpec deployment = planned.deployment();
      attemptsOnDeployment++;
      totalAttempts++;
      ProviderRegistry.Provider provider = providers.provider(deployment.provider());
      UpstreamRequest call;
      try {
        call = continuedFrom == null ? calls.fresh(deployment, provider)
            : calls.continuation(deployment, provider, partialAnswer);
      } catch (GatewayException cannot) {
        // This provider cannot take the request as asked (e.g. an image URL where only inline images go):
        // the caller's fault for this deployment, but another in the plan may serve it.
        finishedWithoutCall(planned, cannot);
        return;
      }
      Target target = new Target(deployment, provider.endpoint(), call);
      attemptStartedAt = Instant.now();
      RequestScopes who = accounting.scopes();
      AttemptStart start = new AttemptStart(exchange.id(), totalAttempts, who.keyId(), who.user(), who.team(),
          who.org(), planned.viaModel(), deployment.id(), deployment.provider(), deployment.model(), streamed,
          who.tags(), attemptStartedAt);
      // The intent is journaled before the provider sees the request, so a crash cannot lose the attempt.
      recorder.begin(start).onComplete(begun -> {
        if (begun.succeeded()) {
          send(planned, target);
        } else {
          refused(begun.cause());
        }
      });
    }

    /**
     * A recorder refused the attempt's start (the ledger fails closed while its journal cannot write): nothing was
     * sent, so there is no attempt to record; the caller gets the refusal (a 503) in its dialect.
     */
    private void refused(Throwable cause) {
      totalAttempts--;
      attemptsOnDeployment--;
      GatewayException error = cause instanceof GatewayException g ? g
          : GatewayException.internal("The gateway could not record the attempt.");
      fail(AttemptOutcome.Failed.beforeBytes(error, FailureClass.CLIENT_ERROR));
    }

    private void send(Plan.Attempt planned, Target target) {
      DeploymentSpec deployment = planned.deployment();
      health.started(deployment.id());
      attemptStartNanos = System.nanoTime();
      if (streamed) {
        byte[] trailer = continuedFrom == null ? null
            : ContinuationTrailer.event(continuedFrom, deployment.id(), totalAttempts);
        BiFunction<byte[], Usage, byte[]> usageChunk = !accounting.usageInclude() ? null
            : (chunk, usage) -> OpenAiUsageCost.addToEvent(chunk, jsonCost(accounting.preview(deployment, usage)));
        streaming.attempt(exchange, target, new StreamingProxy.StreamOptions(
                () -> decisionHeaders(planned), trailer, plan.midStreamContinuation(), usageChunk, deadlineNanos),
                clientGone.future())
            .onComplete(done -> finished(planned, target, done.result()));
      } else {
        unary.attempt(target, clientGone.future()).onComplete(done -> finished(planned, target, done.result()));
      }
    }

    private void finishedWithoutCall(Plan.Attempt planned, GatewayException cannot) {
      int next = index + 1;
      if (next < plan.attempts().size()) {
        moveTo(next);
      } else {
        fail(AttemptOutcome.Failed.beforeBytes(cannot, FailureClass.CLIENT_ERROR));
      }
    }

    private void finished(Plan.Attempt planned, Target target, AttemptOutcome outcome) {
      String id = planned.deployment().id();
      switch (outcome) {
        case AttemptOutcome.Served served -> {
          Usage usage = accounting.usage(served.usage(), served.contentEvents());
          health.succeeded(id, served.latencyMillis(), served.ttftMillis(), usage.outputTokens());
          record(planned, AttemptRecord.Outcome.SERVED, null, 200, usage, served.ttftMillis());
          if (served.body() != null) {
            decisionHeaders(planned);
            Cost total = new Cost(accounting.totalNanos(), accounting.priced());
            String cost = usd(total);
            Buffer body = !accounting.usageInclude() ? served.body()
                : Buffer.buffer(OpenAiUsageCost.addTo(served.body().getBytes(), jsonCost(total)));
            exchange.response().setStatusCode(200).putHeader("content-type", "application/json")
                .putHeader("x-sluice-cost", cost).end(body);
          }
          accounting.settle();
        }
        case AttemptOutcome.ClientGone gone -> {
          health.released(id);
          record(planned, AttemptRecord.Outcome.CLIENT_GONE, null, 499,
              accounting.usage(gone.usage(), gone.contentEvents()), -1);
          accounting.settle();
        }
        case AttemptOutcome.Failed failed -> {
          health.failed(id, failed.kind(), failed.retryAfterMillis());
          Usage usage = failed.bytesSent() ? accounting.usage(failed.usage(), failed.contentEvents()) : failed.usage();
          record(planned, AttemptRecord.Outcome.FAILED, failed.kind(), failed.error().kind().status(), usage, -1);
          decide(planned, failed);
        }
      }
    }

    private void record(Plan.Attempt planned, AttemptRecord.Outcome outcome, FailureClass failure, int status,
        Usage usage, long ttftMillis) {
      DeploymentSpec d = planned.deployment();
      Cost cost = accounting.add(d, usage);
      RequestScopes who = accounting.scopes();
      recorder.record(new AttemptRecord(exchange.id(), totalAttempts, who.keyId(), who.user(), who.team(), who.org(),
          planned.viaModel(), d.id(), d.provider(), d.model(), outcome, failure,
          status, usage, cost.nanos(), cost.priced(), (System.nanoTime() - attemptStartNanos) / 1_000_000, ttftMillis,
          streamed, who.tags(), attemptStartedAt));
    }

    private void decide(Plan.Attempt planned, AttemptOutcome.Failed failed) {
      int next = nextIndex(planned, failed.kind());
      Duration remaining = Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
      Decision decision = policy.decide(failed.asAttemptFailure(), attemptsOnDeployment, next < plan.attempts().size(),
          plan.midStreamContinuation(), remaining);
      switch (decision) {
        case Decision.Retry retry -> retryTimer = vertx.setTimer(Math.max(1, retry.delay().toMillis()), t -> {
          retryTimer = -1;
          attempt();
        });
        case Decision.Fallback fallback -> moveTo(next);
        case Decision.Continue cont -> {
          partialAnswer += failed.partialText() == null ? "" : failed.partialText();
          if (continuedFrom == null) {
            continuedFrom = planned.deployment().id();
          }
          moveTo(next);
        }
        case Decision.Stop stop -> fail(failed);
      }
    }

    /**
     * The next plan entry to try. After a context-length failure, deployments whose window is known and no
     * larger than the failed one's cannot help and are passed over.
     */
    private int nextIndex(Plan.Attempt planned, FailureClass kind) {
      int next = index + 1;
      Integer window = planned.deployment().contextWindow();
      if (kind == FailureClass.CONTEXT_LENGTH && window != null) {
        while (next < plan.attempts().size()) {
          Integer candidate = plan.attempts().get(next).deployment().contextWindow();
          if (candidate == null || candidate > window) {
            break;
          }
          next++;
        }
      }
      return next;
    }

    private void moveTo(int next) {
      index = next;
      attemptsOnDeployment = 0;
      attempt();
    }

    private void fail(AttemptOutcome.Failed failed) {
      accounting.settle();
      if (exchange.responseNotStarted()) {
        decisionHeaders(plan.attempts().get(index));
        ErrorResponder.send(exchange, failed.error());
      } else if (!exchange.response().ended()) {
        // Bytes already went out: the status is fixed, so the stream ends with the dialect's error event.
        exchange.response().end(Buffer.buffer(exchange.midStreamError(failed.error())));
      }
    }

    /** For the {@code x-sluice-cost} header: USD, or "unpriced" (unknown is not free). */
    private static String usd(Cost cost) {
      return cost.priced() ? Money.usd(cost.nanos()) : "unpriced";
    }

    /** For {@code usage.cost}: a JSON number in USD, or {@code null} when the price is unknown. */
    private static String jsonCost(Cost cost) {
      return cost.priced() ? Money.usd(cost.nanos()) : "null";
    }

    private void decisionHeaders(Plan.Attempt planned) {
      DecisionHeaders.set(exchange.response(), planned, totalAttempts, plan, routeNote);
    }
  }
}
