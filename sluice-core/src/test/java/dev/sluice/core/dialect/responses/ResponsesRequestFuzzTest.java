package dev.sluice.core.dialect.responses;

import dev.sluice.core.canonical.DialectCodec;
import dev.sluice.core.fuzz.RequestFuzzContract;
import dev.sluice.core.fuzz.RequestSeeds;
import java.util.List;

/** {@link ResponsesDialect#decodeRequest} under the shared hostile-caller properties of {@link RequestFuzzContract}. */
class ResponsesRequestFuzzTest extends RequestFuzzContract {
  private static final ResponsesDialect DIALECT = new ResponsesDialect();

  @Override
  protected DialectCodec dialect() {
    return DIALECT;
  }

  @Override
  protected List<byte[]> seeds() {
    return RequestSeeds.RESPONSES;
  }
}
