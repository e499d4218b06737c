package dev.sluice.core.dialect.openai;

import dev.sluice.core.error.GatewayException;
import dev.sluice.core.fuzz.Contract;
import dev.sluice.core.fuzz.Mutations;
import dev.sluice.core.fuzz.RequestFuzzContract;
import dev.sluice.core.fuzz.RequestSeeds;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Hostile caller bodies (RELIABILITY A1#5) through the OpenAI-dialect parsers: the translating decoder
 * ({@link OpenAiChatDialect#decodeRequest}, with the seed check, from {@link RequestFuzzContract}), plus the
 * passthrough validator ({@link OpenAiChatRequest#parse}) and the embeddings parser, which only this dialect
 * has. Each declares only {@link GatewayException} (invalid request) for a bad body.
 */
class OpenAiRequestFuzzTest extends RequestFuzzContract {
  OpenAiRequestFuzzTest() {
    super(new OpenAiChatDialect(), RequestSeeds.OPENAI_CHAT);
  }

  /** The passthrough validator sees the same mutated chat bodies as the translating decoder. */
  @Property
  void chatParse(@ForAll("bodies") byte[] body) {
    Contract.returnsOrThrowsOnly(body, () -> OpenAiChatRequest.parse(body), GatewayException.class);
  }

  @Property
  void embeddingsParse(@ForAll("embeddings") byte[] body) {
    Contract.returnsOrThrowsOnly(body, () -> OpenAiEmbeddingsRequest.parse(body), GatewayException.class);
  }

  @Provide
  Arbitrary<byte[]> embeddings() {
    return Mutations.mutatedJson(RequestSeeds.OPENAI_EMBEDDINGS);
  }
}
