package dev.sluice.core.dialect.responses;

import dev.sluice.core.fuzz.RequestFuzzContract;
import dev.sluice.core.fuzz.RequestSeeds;

/** {@link ResponsesDialect#decodeRequest} under the shared hostile-caller properties of {@link RequestFuzzContract}. */
class ResponsesRequestFuzzTest extends RequestFuzzContract {
  ResponsesRequestFuzzTest() {
    super(new ResponsesDialect(), RequestSeeds.RESPONSES);
  }
}
