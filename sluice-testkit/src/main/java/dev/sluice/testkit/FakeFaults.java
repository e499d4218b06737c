package dev.sluice.testkit;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;

/**
 * The state behind the stateful faults of one {@link FakeOpenAiProvider}: how many requests each exact model name
 * has seen (the ordinal {@code flaky-<n>} counts against) and the queue of forced failures from
 * {@link FakeOpenAiProvider#failNext}. Written from the event loops that answer requests, read and changed from test
 * threads: the counts are a concurrent map updated with atomic merges, the queue is guarded by this object's lock.
 */
final class FakeFaults {
  private final ConcurrentHashMap<String, Integer> counts = new ConcurrentHashMap<>();
  /** Forced failures in order: each entry is {remaining, status}; guarded by {@code this}. */
  private final Deque<int[]> forced = new ArrayDeque<>();

  /**
   * Ends a unary 200 answer with the {@code truncate} / {@code die-after} and {@code malformed} faults applied, the
   * same way for every protocol's fake: {@code response} already carries the protocol's status and headers.
   */
  static void endAnswer(HttpServerResponse response, Buffer bytes, FakeModelName knobs) {
    if (knobs.truncate() || knobs.dieAfter() >= 0) {
      // Promise more than is sent, then hang up: the client sees a premature end of a fixed-length body.
      response.putHeader("content-length", String.valueOf(bytes.length()));
      response.write(bytes.slice(0, bytes.length() / 2)).onComplete(ar -> response.reset());
    } else if (knobs.malformed()) {
      response.end(bytes.slice(0, bytes.length() / 2));
    } else {
      response.end(bytes);
    }
  }

  /** Counts one more request for {@code model} and returns its 1-based ordinal. */
  int arrive(String model) {
    return counts.merge(model, 1, Integer::sum);
  }

  int count(String model) {
    return counts.getOrDefault(Objects.requireNonNull(model, "model"), 0);
  }

  synchronized void failNext(int n, int status) {
    if (n < 0) {
      throw new IllegalArgumentException("failNext: n must be >= 0, was " + n);
    }
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("failNext: status must be an error status 400-599, was " + status);
    }
    if (n > 0) {
      forced.addLast(new int[] {n, status});
    }
  }

  /** The status the next request must fail with, consuming it, or 0 when no failure is queued. */
  synchronized int takeForced() {
    int[] head = forced.peekFirst();
    if (head == null) {
      return 0;
    }
    if (--head[0] == 0) {
      forced.removeFirst();
    }
    return head[1];
  }

  synchronized void reset() {
    forced.clear();
    counts.clear();
  }

  /**
   * Applies the knobs every endpoint of every fake shares, in this order: a queued {@link #failNext} failure answers
   * at once; {@code stall} never answers (unless the request is one of {@code flaky-<n>}'s failures); after
   * {@code slow-<ms>}, if the client is still there, the first n requests of {@code flaky-<n>} fail, then
   * {@code error-<status>} fails; otherwise {@code answer} runs the protocol's own knobs and the endpoint.
   *
   * @param ordinal the request's {@link #arrive} ordinal
   * @param fail sends the provider's own error body for a status
   */
  void dispatch(Vertx vertx, HttpServerRequest req, int ordinal, FakeModelName knobs, IntConsumer fail,
      Runnable answer) {
    int forcedStatus = takeForced();
    if (forcedStatus != 0) {
      fail.accept(forcedStatus);
      return;
    }
    // flaky-<n>: the first n requests for this exact name fail; of the other knobs only slow- still applies to them.
    boolean flakyFailure = ordinal <= knobs.flakyCount();
    if (knobs.stall() && !flakyFailure) {
      return; // never answer: the client's timeout is what is under test
    }
    Runnable reply = () -> {
      if (flakyFailure) {
        fail.accept(knobs.flakyStatus());
      } else if (knobs.errorStatus() != 0) {
        fail.accept(knobs.errorStatus());
      } else {
        answer.run();
      }
    };
    if (knobs.slowMillis() > 0) {
      vertx.setTimer(knobs.slowMillis(), id -> {
        if (!req.response().closed()) {
          reply.run();
        }
      });
    } else {
      reply.run();
    }
  }

  /** {@code wrong-content-type}: a 200 whose body is an HTML page, as a misconfigured proxy answers. */
  static void sendWrongContentType(HttpServerRequest req) {
    req.response().setStatusCode(200).putHeader("content-type", "text/html; charset=utf-8").end("<html>oops</html>");
  }
}
