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
 * {@code @Property} methods a concrete subclass inherits. A provider's test names only its codec and its
 * recorded fixtures, and keeps any provider-specific property of its own.
 */
public abstract class CodecFuzzContract {

  /** The codec under test; return a shared instance, as this is called on every try. */
  protected abstract ProviderCodec codec();

  /** Recorded unary answers, mutated as JSON. */
  protected abstract List<byte[]> answerFixtures();

  /** Recorded streams (in the provider's wire framing), mutated or replaced by random bytes. */
  protected abstract List<byte[]> streamFixtures();

  /** Recorded error bodies, mutated as JSON. */
  protected abstract List<byte[]> errorFixtures();

  @Property
  void unaryDecodeOfMutatedAnswers(@ForAll("answers") byte[] body) {
    ProviderFuzz.unary(codec(), body);
  }

  @Property
  void streamDecodeOfMutatedStreamsInAnyPieces(@ForAll("streams") byte[] body,
      @ForAll @IntRange(min = 1, max = 300) int piece) {
    ProviderFuzz.stream(codec(), body, piece);
  }

  @Property
  void errorMessageOfMutatedErrorBodies(@ForAll("errors") byte[] body,
      @ForAll @IntRange(min = 400, max = 599) int status) {
    ProviderFuzz.errorMessage(codec(), status, body);
  }

  @Provide
  Arbitrary<byte[]> answers() {
    return Mutations.mutatedJson(answerFixtures());
  }

  @Provide
  Arbitrary<byte[]> streams() {
    return Mutations.mutatedOrRandom(streamFixtures());
  }

  @Provide
  Arbitrary<byte[]> errors() {
    return Mutations.mutatedJson(errorFixtures());
  }
}
