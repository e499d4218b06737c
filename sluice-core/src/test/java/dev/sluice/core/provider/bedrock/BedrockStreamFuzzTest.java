package dev.sluice.core.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.canonical.ProviderAccess;
import dev.sluice.core.canonical.ProviderCodec;
import dev.sluice.core.fuzz.Contract;
import dev.sluice.core.fuzz.Mutations;
import dev.sluice.core.fuzz.ProviderFuzz;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Bedrock's binary event stream fed hostile bytes. Byte flips mostly stop at the CRCs, so a second property
 * mutates the JSON payloads of the recorded events and frames them with valid CRCs: that reaches the
 * Converse event decoding behind the framing.
 */
class BedrockStreamFuzzTest {
  private static final ProviderCodec CODEC = new BedrockCodec(new ProviderAccess(
      "bedrock-runtime.us-east-1.amazonaws.com", "", "AKIDEXAMPLE",
      Map.of("region", "us-east-1", "secret_access_key", "secret")), Clock.systemUTC());

  @Property
  void frameDecoderNeverThrowsAndNeverHandsOutAnOversizedFrame(@ForAll("framed") byte[] body,
      @ForAll @IntRange(min = 1, max = 200) int piece, @ForAll @IntRange(min = 16, max = 4096) int maxFrame) {
    List<EventStreamFrame> frames = new ArrayList<>();
    Contract.returnsOrThrowsOnly(body, () -> {
      EventStreamDecoder decoder = new EventStreamDecoder(maxFrame);
      for (int at = 0; at < body.length; at += piece) {
        decoder.feed(body, at, Math.min(piece, body.length - at), frames::add);
      }
    });
    assertThat(frames).allSatisfy(f -> assertThat(f.payload().length).isLessThanOrEqualTo(maxFrame));
  }

  @Property
  void converseEventsWithMutatedPayloadsInValidFrames(@ForAll("reframed") byte[] body,
      @ForAll @IntRange(min = 1, max = 300) int piece) {
    ProviderFuzz.stream(CODEC, body, piece);
  }

  @Provide
  Arbitrary<byte[]> framed() {
    return Mutations.mutatedOrRandom(List.of(BedrockFixtures.recordedStream(),
        BedrockFixtures.streamFromJsonl("converse-stream-tool-use.events.jsonl")));
  }

  /** Each recorded event's payload mutated (or not), then framed with valid CRCs, in recorded order. */
  @Provide
  Arbitrary<byte[]> reframed() {
    List<Arbitrary<byte[]>> streams = new ArrayList<>();
    for (String name : List.of("converse-stream-text.events.jsonl", "converse-stream-tool-use.events.jsonl",
        "converse-stream-reasoning.events.jsonl")) {
      List<Arbitrary<byte[]>> frames = new ArrayList<>();
      for (String line : BedrockFixtures.text(name).split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        Map.Entry<String, JsonNode> event = parse(line);
        byte[] payload = json(event.getValue());
        Arbitrary<byte[]> mutated = Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(2, Arbitraries.just(payload)),
            net.jqwik.api.Tuple.of(1, Mutations.of(List.of(payload))));
        frames.add(mutated.map(p -> EventStreamEncoder.event(event.getKey(), p)));
      }
      streams.add(Combinators.combine(frames).as(BedrockStreamFuzzTest::concat));
    }
    return Arbitraries.oneOf(streams);
  }

  private static Map.Entry<String, JsonNode> parse(String line) {
    try {
      return BedrockFixtures.JSON.readTree(line).properties().iterator().next();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] json(JsonNode node) {
    try {
      return BedrockFixtures.JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] concat(List<byte[]> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    parts.forEach(out::writeBytes);
    return out.toByteArray();
  }

}
