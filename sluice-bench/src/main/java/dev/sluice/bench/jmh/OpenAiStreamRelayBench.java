package dev.sluice.bench.jmh;

import dev.sluice.core.dialect.openai.OpenAiStreamRelay;
import dev.sluice.core.stream.SseEvent;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link OpenAiStreamRelay#onEvent} over the recorded OpenAI text stream's 13 events, one new relay per
 * stream. {@code stream} is per event, averaged over the whole stream; {@code contentChunk} is one ordinary
 * text delta (the common case: a few substring scans and a re-frame); {@code usageChunk} is the usage-only
 * last chunk, the one event that is parsed as JSON (and, when the client did not ask for usage, dropped).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class OpenAiStreamRelayBench {
  static final int EVENTS = 13;

  @Param({"false", "true"})
  public boolean clientWantsUsage;

  private SseEvent[] events;
  private SseEvent content;
  private SseEvent usage;

  @Setup
  public void setUp() {
    List<SseEvent> all = WireFixtures.events(WireFixtures.OPENAI_STREAM);
    if (all.size() != EVENTS) {
      throw new IllegalStateException("expected " + EVENTS + " events, got " + all.size());
    }
    events = all.toArray(SseEvent[]::new);
    content = all.get(1); // {"delta":{"content":"Hello"}}
    usage = all.get(EVENTS - 2); // choices [], usage {...}
    if (!content.data().contains("\"content\":\"Hello\"") || !usage.data().contains("\"choices\":[]")) {
      throw new IllegalStateException("the fixture changed shape");
    }
    OpenAiStreamRelay relay = new OpenAiStreamRelay(clientWantsUsage);
    for (SseEvent e : events) {
      relay.onEvent(e);
    }
    if (!relay.done() || !relay.usage().isKnown() || !"stop".equals(relay.finishReason())) {
      throw new IllegalStateException("the relay did not see a whole stream");
    }
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void stream(Blackhole bh) {
    OpenAiStreamRelay relay = new OpenAiStreamRelay(clientWantsUsage);
    for (SseEvent e : events) {
      bh.consume(relay.onEvent(e));
    }
    bh.consume(relay.usage());
  }

  @Benchmark
  public byte[] contentChunk() {
    return new OpenAiStreamRelay(clientWantsUsage).onEvent(content);
  }

  @Benchmark
  public byte[] usageChunk() {
    return new OpenAiStreamRelay(clientWantsUsage).onEvent(usage);
  }
}
