package dev.sluice.core.dialect.anthropic;

import dev.sluice.core.canonical.DialectCodec;
import dev.sluice.core.fuzz.RequestFuzzContract;
import dev.sluice.core.fuzz.RequestSeeds;
import java.util.List;

/** {@link AnthropicDialect#decodeRequest} under the shared hostile-caller properties of {@link RequestFuzzContract}. */
class AnthropicRequestFuzzTest extends RequestFuzzContract {
  private static final AnthropicDialect DIALECT = new AnthropicDialect();

  @Override
  protected DialectCodec dialect() {
    return DIALECT;
  }

  @Override
  protected List<byte[]> seeds() {
    return RequestSeeds.ANTHROPIC;
  }
}
