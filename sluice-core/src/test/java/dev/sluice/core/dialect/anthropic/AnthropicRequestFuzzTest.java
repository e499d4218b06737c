package dev.sluice.core.dialect.anthropic;

import dev.sluice.core.error.GatewayException;
import dev.sluice.core.fuzz.Contract;
import dev.sluice.core.fuzz.Mutations;
import dev.sluice.core.fuzz.RequestSeeds;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Hostile caller bodies (RELIABILITY A1#5) through {@link AnthropicDialect#decodeRequest}: GatewayException only. */
class AnthropicRequestFuzzTest {
  private static final AnthropicDialect DIALECT = new AnthropicDialect();

  @Property
  void decodeToCanonical(@ForAll("bodies") byte[] body) {
    Contract.collect(Contract.returnsOrThrowsOnly(body, () -> DIALECT.decodeRequest(body), GatewayException.class));
  }

  /** The seeds themselves are valid, so the mutations start from bodies that reach the deep checks. */
  @Example
  void seedsAreAccepted() {
    for (byte[] seed : RequestSeeds.ANTHROPIC) {
      DIALECT.decodeRequest(seed);
    }
  }

  @Provide
  Arbitrary<byte[]> bodies() {
    return Mutations.mutatedJson(RequestSeeds.ANTHROPIC);
  }
}
