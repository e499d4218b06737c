package dev.sluice.testkit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

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
}
