package dev.sluice.bench.jmh;

import dev.sluice.core.stream.SseEvent;
import dev.sluice.core.stream.SseParser;
import java.util.ArrayList;
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
 * {@link SseParser} over the recorded OpenAI text stream (3,846 bytes, 13 events), one new parser per stream
 * as the gateway does. The score is per <em>event</em> ({@code @OperationsPerInvocation}), so events/s is
 * 1e9 / score.
 *
 * <p>{@code chunk}: {@code whole} = the stream in one feed; {@code 1460} = TCP-segment-sized feeds (an event
 * now and then straddles two); {@code 256} = feeds smaller than one event (~330 bytes), so every event is
 * carried across a feed boundary and copied: the parser's slow path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SseParserBench {
  static final int EVENTS = 13;

  @Param({"whole", "1460", "256"})
  public String chunk;

  private byte[] stream;
  private int[] cuts; // feed boundaries: [0, c1, c2, ..., length]

  @Setup
  public void setUp() {
    stream = WireFixtures.bytes(WireFixtures.OPENAI_STREAM);
    int size = chunk.equals("whole") ? stream.length : Integer.parseInt(chunk);
    int feeds = Math.ceilDiv(stream.length, size);
    cuts = new int[feeds + 1];
    for (int i = 1; i <= feeds; i++) {
      cuts[i] = Math.min(stream.length, i * size);
    }
    List<SseEvent> seen = new ArrayList<>();
    parse(seen::add);
    if (seen.size() != EVENTS) {
      throw new IllegalStateException("expected " + EVENTS + " events, parsed " + seen.size());
    }
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void parse(Blackhole bh) {
    bh.consume(parse(bh::consume));
  }

  private SseParser parse(java.util.function.Consumer<SseEvent> sink) {
    SseParser parser = new SseParser(sink);
    for (int i = 1; i < cuts.length; i++) {
      parser.feed(stream, cuts[i - 1], cuts[i] - cuts[i - 1]);
    }
    parser.endOfInput();
    return parser;
  }
}
