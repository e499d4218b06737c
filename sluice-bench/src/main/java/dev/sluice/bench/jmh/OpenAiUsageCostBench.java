package dev.sluice.bench.jmh;

import dev.sluice.core.dialect.openai.OpenAiUsageCost;
import dev.sluice.core.stream.SseEvent;
import dev.sluice.core.stream.SseWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link OpenAiUsageCost}: the {@code usage.cost} splice for callers that asked for usage accounting.
 * {@code addTo} runs on the recorded non-streamed completion (837 bytes, pretty-printed, {@code usage} near
 * the end so the streaming JSON scan walks most of the body); {@code addToEvent} on the recorded stream's
 * usage-only chunk, framed as the relay writes it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class OpenAiUsageCostBench {
  private byte[] completion;
  private byte[] usageEvent;
  private String usd;

  @Setup
  public void setUp() {
    completion = WireFixtures.bytes(WireFixtures.OPENAI_COMPLETION);
    List<SseEvent> events = WireFixtures.events(WireFixtures.OPENAI_STREAM);
    usageEvent = SseWriter.encode(events.get(events.size() - 2));
    usd = "0.000007350";
    String body = new String(OpenAiUsageCost.addTo(completion, usd), StandardCharsets.UTF_8);
    String event = new String(OpenAiUsageCost.addToEvent(usageEvent, usd), StandardCharsets.UTF_8);
    if (!body.contains("\"cost\":" + usd) || !event.contains("\"cost\":" + usd)) {
      throw new IllegalStateException("the cost was not added");
    }
  }

  @Benchmark
  public byte[] addTo() {
    return OpenAiUsageCost.addTo(completion, usd);
  }

  @Benchmark
  public byte[] addToEvent() {
    return OpenAiUsageCost.addToEvent(usageEvent, usd);
  }
}
