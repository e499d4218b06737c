package dev.sluice.core.dialect.openai;

import dev.sluice.core.error.GatewayException;
import dev.sluice.core.fuzz.Contract;
import dev.sluice.core.fuzz.Mutations;
import dev.sluice.core.fuzz.RequestSeeds;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Hostile caller bodies (RELIABILITY A1#5) through the OpenAI-dialect parsers: the passthrough validator
 * ({@link OpenAiChatRequest#parse}), the translating decoder ({@link OpenAiChatDialect#decodeRequest}) and the
 * embeddings parser. Each declares only {@link GatewayException} (invalid request) for a bad body.
 */
class OpenAiRequestFuzzTest {
  private static final OpenAiChatDialect DIALECT = new OpenAiChatDialect();

  @Property
  void chatParse(@ForAll("chat") byte[] body) {
    Contract.returnsOrThrowsOnly(body, () -> OpenAiChatRequest.parse(body), GatewayException.class);
  }

  @Property
  void chatDecodeToCanonical(@ForAll("chat") byte[] body) {
    Contract.collect(Contract.returnsOrThrowsOnly(body, () -> DIALECT.decodeRequest(body), GatewayException.class));
  }

  @Property
  void embeddingsParse(@ForAll("embeddings") byte[] body) {
    Contract.returnsOrThrowsOnly(body, () -> OpenAiEmbeddingsRequest.parse(body), GatewayException.class);
  }

  /** The seeds themselves are valid, so the mutations start from bodies that reach the deep checks. */
  @Example
  void seedsAreAccepted() {
    for (byte[] seed : RequestSeeds.OPENAI_CHAT) {
      DIALECT.decodeRequest(seed);
    }
  }

  @Provide
  Arbitrary<byte[]> chat() {
    return Mutations.mutatedJson(RequestSeeds.OPENAI_CHAT);
  }

  @Provide
  Arbitrary<byte[]> embeddings() {
    return Mutations.mutatedJson(RequestSeeds.OPENAI_EMBEDDINGS);
  }
}
