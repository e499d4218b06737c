package dev.sluice.core.fuzz;

import dev.sluice.core.canonical.DialectCodec;
import dev.sluice.core.error.GatewayException;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Hostile caller bodies (RELIABILITY A1#5) through a dialect's {@link DialectCodec#decodeRequest}, which declares
 * only {@link GatewayException} (invalid request) for a bad body.
 *
 * <p>The decode property and the seed check are the same for every dialect, so they live here once; jqwik runs
 * the {@code @Property}/{@code @Example} methods a concrete subclass inherits. A dialect's test names only its
 * dialect and seeds (to the constructor), and keeps any parser-specific property of its own (it may reuse the {@code "bodies"}
 * arbitrary).
 */
public abstract class RequestFuzzContract {
  private final DialectCodec dialect;
  private final List<byte[]> seeds;

  /** @param seeds valid request bodies of the dialect, the starting points of the mutations */
  protected RequestFuzzContract(DialectCodec dialect, List<byte[]> seeds) {
    this.dialect = dialect;
    this.seeds = seeds;
  }

  @Property
  void decodeToCanonical(@ForAll("bodies") byte[] body) {
    Contract.collect(Contract.returnsOrThrowsOnly(body, () -> dialect.decodeRequest(body), GatewayException.class));
  }

  /** The seeds themselves are valid, so the mutations start from bodies that reach the deep checks. */
  @Example
  void seedsAreAccepted() {
    for (byte[] seed : seeds) {
      dialect.decodeRequest(seed);
    }
  }

  @Provide
  protected Arbitrary<byte[]> bodies() {
    return Mutations.mutatedJson(seeds);
  }
}
