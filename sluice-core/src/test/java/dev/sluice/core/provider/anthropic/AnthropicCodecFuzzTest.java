package dev.sluice.core.provider.anthropic;

import dev.sluice.core.canonical.ProviderAccess;
import dev.sluice.core.canonical.ProviderCodec;
import dev.sluice.core.fuzz.Mutations;
import dev.sluice.core.fuzz.ProviderFuzz;

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
class AnthropicCodecFuzzTest {
  private static final ProviderCodec CODEC = new AnthropicCodec(new ProviderAccess("api.anthropic.com", "", "k", Map.of()));

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
    return Mutations.mutatedJson(ProviderFuzz.fixtures("anthropic", "message.json", "message-tool-use.json", "message-thinking.json"));
  }

  @Provide
  Arbitrary<byte[]> streams() {
    return Mutations.mutatedOrRandom(ProviderFuzz.fixtures("anthropic", "stream-text.sse", "stream-tool-use.sse", "stream-thinking.sse", "stream-error-midstream.sse"));
  }

  @Provide
  Arbitrary<byte[]> errors() {
    return Mutations.mutatedJson(ProviderFuzz.fixtures("anthropic", "error-401.json", "error-404-model.json"));
  }
}
