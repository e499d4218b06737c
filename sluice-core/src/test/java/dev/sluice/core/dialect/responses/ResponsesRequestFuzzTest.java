package dev.sluice.core.dialect.responses;

import dev.sluice.core.error.GatewayException;
import dev.sluice.core.fuzz.Contract;
import dev.sluice.core.fuzz.Mutations;
import dev.sluice.core.fuzz.RequestSeeds;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Hostile caller bodies (RELIABILITY A1#5) through {@link ResponsesDialect#decodeRequest}: GatewayException only. */
class ResponsesRequestFuzzTest {
  private static final ResponsesDialect DIALECT = new ResponsesDialect();

  @Property
  void decodeToCanonical(@ForAll("bodies") byte[] body) {
    Contract.collect(Contract.returnsOrThrowsOnly(body, () -> DIALECT.decodeRequest(body), GatewayException.class));
  }

  /** The seeds themselves are valid, so the mutations start from bodies that reach the deep checks. */
  @Example
  void seedsAreAccepted() {
    for (byte[] seed : RequestSeeds.RESPONSES) {
      DIALECT.decodeRequest(seed);
    }
  }

  @Provide
  Arbitrary<byte[]> bodies() {
    return Mutations.mutatedJson(RequestSeeds.RESPONSES);
  }
}
