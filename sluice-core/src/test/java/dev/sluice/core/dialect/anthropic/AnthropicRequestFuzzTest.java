package dev.sluice.core.dialect.anthropic;

import dev.sluice.core.fuzz.RequestFuzzContract;
import dev.sluice.core.fuzz.RequestSeeds;

/** {@link AnthropicDialect#decodeRequest} under the shared hostile-caller properties of {@link RequestFuzzContract}. */
class AnthropicRequestFuzzTest extends RequestFuzzContract {
  AnthropicRequestFuzzTest() {
    super(new AnthropicDialect(), RequestSeeds.ANTHROPIC);
  }
}
