package dev.sluice.server.budget;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.price.Money;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts budget alerts as JSON to one URL, off the request path: asynchronous, at most {@code maxAttempts} tries
 * with doubling backoff (retrying only what may succeed later: I/O errors, 408, 429 and 5xx), and at most
 * {@link #MAX_IN_FLIGHT} alerts pending at once; beyond that an alert is dropped with a WARN (the log line the
 * service wrote for it remains). Never throws to its caller.
 *
 * <p>Body: {@code {"budget":"bud_..","scope":"team:ml","period":"monthly","threshold":80,
 * "settled_usd":"40.000000000","limit_usd":"50.000000000","window_start":"2025-06-01T00:00:00Z"}}.
 */
final class AlertWebhook implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AlertWebhook.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Alerts are rare (three per budget and window); a thousand pending means the receiver is down. */
  static final int MAX_IN_FLIGHT = 1_000;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final URI url;
  private final HttpClient client;
  private final ScheduledExecutorService timer;
  private final int maxAttempts;
  private final Duration firstBackoff;
  private final AtomicInteger inFlight = new AtomicInteger();

  AlertWebhook(URI url, ScheduledExecutorService timer, Executor executor, int maxAttempts, Duration firstBackoff) {
    this.url = url;
    this.timer = timer;
    this.maxAttempts = Math.max(1, maxAttempts);
    this.firstBackoff = firstBackoff;
    this.client = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER) // an alert goes where it was configured, nowhere else
        .executor(executor)
        .build();
  }

  void send(BudgetAlert alert) {
    if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
      inFlight.decrementAndGet();
      log.warn("budget alert webhook backlog is full; dropped the alert for {} at {}%", alert.scope(),
          alert.threshold());
      return;
    }
    attempt(body(alert), alert, 1);
  }

  private void attempt(String body, BudgetAlert alert, int attempt) {
    HttpRequest request = HttpRequest.newBuilder(url)
        .timeout(REQUEST_TIMEOUT)
        .header("content-type", "application/json")
        .header("user-agent", "sluice-budget-alerts")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
      int status = response == null ? 0 : response.statusCode();
      if (failure == null && status / 100 == 2) {
        inFlight.decrementAndGet();
        return;
      }
      boolean retryable = failure != null || status == 408 || status == 429 || status >= 500;
      String why = failure != null ? String.valueOf(failure.getMessage()) : "HTTP " + status;
      if (!retryable || attempt >= maxAttempts || timer.isShutdown()) {
        inFlight.decrementAndGet();
        log.warn("budget alert webhook {} failed ({}) after {} attempt(s); dropped the alert for {} at {}%", url,
            why, attempt, alert.scope(), alert.threshold());
        return;
      }
      long delay = firstBackoff.toMillis() << Math.min(attempt - 1, 10);
      try {
        timer.schedule(() -> attempt(body, alert, attempt + 1), delay, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        inFlight.decrementAndGet();
      }
    });
  }

  static String body(BudgetAlert alert) {
    ObjectNode n = JSON.createObjectNode()
        .put("budget", alert.budgetId())
        .put("scope", alert.scope())
        .put("period", Periods.wireName(alert.period()))
        .put("threshold", alert.threshold())
        .put("settled_usd", Money.usd(alert.settledNanos()))
        .put("limit_usd", Money.usd(alert.limitNanos()))
        .put("window_start", alert.windowStart().toString());
    return n.toString();
  }

  @Override
  public void close() {
    client.shutdownNow();
  }

  /** For tests: alerts not yet delivered or given up. */
  int inFlight() {
    return inFlight.get();
  }
}
