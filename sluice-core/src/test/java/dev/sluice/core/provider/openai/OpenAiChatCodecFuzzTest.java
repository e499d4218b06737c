package dev.sluice.core.provider.openai;

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
class OpenAiChatCodecFuzzTest {
  private static final ProviderCodec CODEC = new OpenAiChatCodec(new ProviderAccess("api.openai.com", "/v1", "k", Map.of()));

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
    return Mutations.mutatedJson(ProviderFuzz.fixtures("openai", "chat-completion.json", "chat-completion-tool-calls.json"));
  }

  @Provide
  Arbitrary<byte[]> streams() {
    return Mutations.mutatedOrRandom(ProviderFuzz.fixtures("openai", "chat-completion-stream-text.sse", "chat-completion-stream-tool-calls.sse"));
  }

  @Provide
  Arbitrary<byte[]> errors() {
    return Mutations.mutatedJson(ProviderFuzz.fixtures("openai", "error-401-invalid-key.json", "error-404-model.json"));
  }
}
