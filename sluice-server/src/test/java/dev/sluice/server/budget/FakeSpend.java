package dev.sluice.server.budget;

import dev.sluice.server.admission.ScopeType;
import dev.sluice.server.admission.SpendSource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A ledger the test fills: spend per {@code type:id}, whatever the window (tests pick one window). Records
 * every call; can be made to hold calls until released, or to fail.
 */
final class FakeSpend implements SpendSource {
  record Call(ScopeType type, String scopeId, Instant from, Instant to) {}

  final Map<String, Long> spend = new ConcurrentHashMap<>();
  final List<Call> calls = new CopyOnWriteArrayList<>();
  volatile CountDownLatch gate;
  volatile RuntimeException failure;

  FakeSpend with(String scope, long nanos) {
    spend.put(scope, nanos);
    return this;
  }

  @Override
  public long spendNanos(ScopeType type, String scopeId, Instant from, Instant to) {
    calls.add(new Call(type, scopeId, from, to));
    CountDownLatch g = gate;
    if (g != null) {
      try {
        g.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (failure != null) {
      throw failure;
    }
    return spend.getOrDefault(type.wireName() + ":" + scopeId, 0L);
  }

  long callsFor(String scope) {
    return calls.stream().filter(c -> (c.type().wireName() + ":" + c.scopeId()).equals(scope)).count();
  }
}
