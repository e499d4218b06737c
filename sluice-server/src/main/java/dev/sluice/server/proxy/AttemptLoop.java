package dev.sluice.server.proxy;

import dev.sluice.core.dialect.openai.OpenAiErrorBodies;
import dev.sluice.core.model.Usage;
import dev.sluice.core.route.AttemptPolicy;
import dev.sluice.core.route.Decision;
import dev.sluice.core.route.DeploymentHealth;
import dev.sluice.core.route.DeploymentSpec;
import dev.sluice.core.route.FailureClass;
import dev.sluice.core.route.Plan;
import dev.sluice.core.usage.AttemptRecord;
import dev.sluice.server.auth.Caller;
import dev.sluice.server.http.ErrorResponder;
import dev.sluice.server.http.Exchange;
import dev.sluice.server.provider.ProviderRegistry;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

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

  /** How to build the upstream body for an attempt, fresh or continuing a partial answer. */
  interface Bodies {
    byte[] fresh(DeploymentSpec deployment);

    byte[] continuation(DeploymentSpec deployment, String partialAnswer);
  }

  void unary(Exchange exchange, Plan plan, String operation, Bodies bodies, Function<byte[], Usage> usageOf,
      String routeNote) {
    new Run(exchange, plan, operation, bodies, routeNote, false, false).start(usageOf);
  }

  void stream(Exchange exchange, Plan plan, String operation, Bodies bodies, boolean clientWantsUsage,
      String routeNote) {
    new Run(exchange, plan, operation, bodies, routeNote, true, clientWantsUsage).start(null);
  }

  /** The state of one request's walk through its plan; lives on the request's event loop. */
  private final class Run {
    private final Exchange exchange;
    private final Plan plan;
    private final String operation;
    private final Bodies bodies;
    private final String routeNote;
    private final boolean streamed;
    private final boolean clientWantsUsage;
    private final long deadlineNanos = System.nanoTime() + totalTimeout.toNanos();
    private final Promise<Void> clientGone = Promise.promise();
    private Function<byte[], Usage> usageOf;
    private int index;
    private int attemptsOnDeployment;
    private int totalAttempts;
    private String partialAnswer = "";
    private String continuedFrom;
    private long retryTimer = -1;
    private long attemptStartNanos;
    private Instant attemptStartedAt;

    Run(Exchange exchange, Plan plan, String operation, Bodies bodies, String routeNote, boolean streamed,
        boolean clientWantsUsage) {
      this.exchange = exchange;
      this.plan = plan;
      this.operation = operation;
      this.bodies = bodies;
      this.routeNote = routeNote;
      this.streamed = streamed;
      this.clientWantsUsage = clientWantsUsage;
    }

    void start(Function<byte[], Usage> usageOf) {
      this.usageOf = usageOf;
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
      byte[] body = continuedFrom == null ? bodies.fresh(deployment)
          : bodies.continuation(deployment, partialAnswer);
      Target target = new Target(deployment, providers.endpoint(deployment.provider()), operation, body);
      health.started(deployment.id());
      attemptStartNanos = System.nanoTime();
      attemptStartedAt = Instant.now();
      if (streamed) {
        byte[] trailer = continuedFrom == null ? null
            : ContinuationTrailer.event(continuedFrom, deployment.id(), totalAttempts);
        streaming.attempt(exchange, target, new StreamingProxy.StreamOptions(clientWantsUsage,
                () -> decisionHeaders(planned), trailer, plan.midStreamContinuation()), clientGone.future())
            .onComplete(done -> finished(planned, target, done.result()));
      } else {
        unary.attempt(target, usageOf, clientGone.future()).onComplete(done -> finished(planned, target, done.result()));
      }
    }

    private void finished(Plan.Attempt planned, Target target, AttemptOutcome outcome) {
      String id = planned.deployment().id();
      switch (outcome) {
        case AttemptOutcome.Served served -> {
          health.succeeded(id, served.latencyMillis(), served.ttftMillis(), served.usage().outputTokens());
          record(planned, AttemptRecord.Outcome.SERVED, null, 200, served.usage(), served.ttftMillis());
          if (served.body() != null) {
            decisionHeaders(planned);
            exchange.response().setStatusCode(200).putHeader("content-type", "application/json").end(served.body());
          }
        }
        case AttemptOutcome.ClientGone gone -> {
          health.released(id);
          record(planned, AttemptRecord.Outcome.CLIENT_GONE, null, 499, gone.usage(), -1);
        }
        case AttemptOutcome.Failed failed -> {
          health.failed(id, failed.kind(), failed.retryAfterMillis());
          record(planned, AttemptRecord.Outcome.FAILED, failed.kind(), failed.error().kind().status(), failed.usage(),
              -1);
          decide(planned, failed);
        }
      }
    }

    private void record(Plan.Attempt planned, AttemptRecord.Outcome outcome, FailureClass failure, int status,
        Usage usage, long ttftMillis) {
      DeploymentSpec d = planned.deployment();
      Caller caller = exchange.caller();
      recorder.record(new AttemptRecord(exchange.id(), totalAttempts, caller == null ? null : caller.keyId(),
          caller == null ? null : caller.user(), caller == null ? null : caller.team(),
          caller == null ? null : caller.org(), planned.viaModel(), d.id(), d.provider(), d.model(), outcome, failure,
          status, usage, 0, false, (System.nanoTime() - attemptStartNanos) / 1_000_000, ttftMillis, streamed,
          java.util.Map.of(), attemptStartedAt));
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
      if (exchange.responseNotStarted()) {
        decisionHeaders(plan.attempts().get(index));
        ErrorResponder.send(exchange, failed.error());
      } else if (!exchange.response().ended()) {
        // Bytes already went out: the status is fixed, so the stream ends with the dialect's error event.
        exchange.response().end(Buffer.buffer(OpenAiErrorBodies.midStreamEvent(failed.error())));
      }
    }

    private void decisionHeaders(Plan.Attempt planned) {
      DecisionHeaders.set(exchange.response(), planned, totalAttempts, plan, routeNote);
    }
  }
}
