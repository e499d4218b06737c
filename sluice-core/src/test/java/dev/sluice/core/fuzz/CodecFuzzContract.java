package dev.sluice.core.fuzz;

import dev.sluice.core.canonical.ProviderCodec;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Hostile upstream bytes (RELIABILITY A5#29): mutated recorded answers, streams and error bodies, and plain
 * random bytes, through every decode path of a provider codec. Each returns or throws only what its contract
 * declares (see {@link ProviderFuzz}), within a bounded time.
 *
 * <p>The three properties are the same for every provider, so they live here once; jqwik runs the
 * {@code @Property} methods a concrete subclass inherits. A provider's test only hands its codec and recorded
 * fixtures to the constructor, and keeps any provider-specific property of its own.
 */
public abstract class CodecFuzzContract {
  private final ProviderCodec codec;
  private final List<byte[]> answers;
  private final List<byte[]> streams;
  private final List<byte[]> errors;

  /**
   * @param answers recorded unary answers, mutated as JSON
   * @param streams recorded streams in the provider's wire framing, mutated or replaced by random bytes
   * @param errors recorded error bodies, mutated as JSON
   */
  protected CodecFuzzContract(ProviderCodec codec, List<byte[]> answers, List<byte[]> streams,
      List<byte[]> errors) {
    this.codec = codec;
    this.answers = answers;
    this.streams = streams;
    this.errors = errors;
  }

  @Property
  void unaryDecodeOfMutatedAnswers(@ForAll("answers") byte[] body) {
    ProviderFuzz.unary(codec, body);
  }

  @Property
  void streamDecodeOfMutatedStreamsInAnyPieces(@ForAll("streams") byte[] body,
      @ForAll @IntRange(min = 1, max = 300) int piece) {
    ProviderFuzz.stream(codec, body, piece);
  }

  @Property
  void errorMessageOfMutatedErrorBodies(@ForAll("errors") byte[] body,
      @ForAll @IntRange(min = 400, max = 599) int status) {
    ProviderFuzz.errorMessage(codec, status, body);
  }

  @Provide
  Arbitrary<byte[]> answers() {
    return Mutations.mutatedJson(answers);
  }

  @Provide
  Arbitrary<byte[]> streams() {
    return Mutations.mutatedOrRandom(streams);
  }

  @Provide
  Arbitrary<byte[]> errors() {
    return Mutations.mutatedJson(errors);
  }
}
