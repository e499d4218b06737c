package dev.sluice.core.provider.bedrock;

import dev.sluice.core.canonical.ProviderAccess;
import dev.sluice.core.canonical.ProviderCodec;
import dev.sluice.core.fuzz.Mutations;
import dev.sluice.core.fuzz.ProviderFuzz;
import java.time.Clock;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Hostile upstream bytes (RELIABILITY A5#29): mutated recorded answers, streams and error bodies, and plain
 * random bytes, through every decode path of the codec. Each returns or throws only what its contract
 * declares (see {@link ProviderFuzz}), within a bounded time.
 */
class BedrockCodecFuzzTest {
  private static final ProviderCodec CODEC = new BedrockCodec(new ProviderAccess("bedrock-runtime.us-east-1.amazonaws.com", "", "AKIDEXAMPLE", Map.of("region", "us-east-1", "secret_access_key", "secret")), Clock.systemUTC());

  @Property
  void unaryDecodeOfMutatedAnswers(@ForAll("answers") byte[] body) {
    ProviderFuzz.unary(CODEC, body);
  }

  @Property
  void streamDecodeOfMutatedStreamsInAnyPieces(@ForAll("streams") byte[] body,
      @ForAll @IntRange(min = 1, max = 300) int piece) {
    ProviderFuzz.stream(CODEC, body, piece);
  }

  @Property
  void errorMessageOfMutatedErrorBodies(@ForAll("errors") byte[] body,
      @ForAll @IntRange(min = 400, max = 599) int status) {
    ProviderFuzz.errorMessage(CODEC, status, body);
  }

  @Provide
  Arbitrary<byte[]> answers() {
    return Mutations.mutatedJson(ProviderFuzz.fixtures("bedrock", "converse.json", "converse-tool-use.json", "converse-reasoning.json"));
  }

  @Provide
  Arbitrary<byte[]> streams() {
    return Mutations.mutatedOrRandom(java.util.List.of(BedrockFixtures.recordedStream(), BedrockFixtures.streamFromJsonl("converse-stream-text.events.jsonl"), BedrockFixtures.streamFromJsonl("converse-stream-tool-use.events.jsonl"), BedrockFixtures.streamFromJsonl("converse-stream-reasoning.events.jsonl")));
  }

  @Provide
  Arbitrary<byte[]> errors() {
    return Mutations.mutatedJson(ProviderFuzz.fixtures("bedrock", "error-validation.json"));
  }
}
