package dev.sluice.core.provider;

import dev.sluice.core.canonical.ProviderAccess;
import dev.sluice.core.canonical.ProviderCodec;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.fuzz.Contract;
import dev.sluice.core.fuzz.Mutations;
import dev.sluice.core.fuzz.ProviderFuzz;
import dev.sluice.core.provider.bedrock.BedrockCodec;
import dev.sluice.core.provider.cohere.CohereCodec;
import dev.sluice.core.provider.gemini.GeminiCodec;
import dev.sluice.core.provider.openai.OpenAiChatCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every codec's embeddings decoder fed mutated embeddings answers of every provider's shape (RELIABILITY
 * A5#29): {@link ProviderCodec#decodeEmbeddings} declares GatewayException (upstream error) only.
 */
class EmbeddingsDecodeFuzzTest {
  private static final List<ProviderCodec> CODECS = List.of(
      new OpenAiChatCodec(new ProviderAccess("api.openai.com", "/v1", "k", Map.of())),
      new GeminiCodec(new ProviderAccess("generativelanguage.googleapis.com", "", "k", Map.of())),
      new CohereCodec(new ProviderAccess("api.cohere.com", "", "k", Map.of())),
      new BedrockCodec(new ProviderAccess("bedrock-runtime.us-east-1.amazonaws.com", "", "AKIDEXAMPLE",
          Map.of("region", "us-east-1", "secret_access_key", "secret")), Clock.systemUTC()));

  @Property
  void decodeEmbeddingsOfMutatedAnswers(@ForAll("codecs") ProviderCodec codec, @ForAll("answers") byte[] body) {
    Contract.collect(Contract.returnsOrThrowsOnly(body, () -> codec.decodeEmbeddings(body), GatewayException.class));
  }

  @Provide
  Arbitrary<ProviderCodec> codecs() {
    return Arbitraries.of(CODECS);
  }

  @Provide
  Arbitrary<byte[]> answers() {
    List<byte[]> seeds = new ArrayList<>(ProviderFuzz.fixtures("openai", "embeddings.json", "embeddings-base64.json"));
    for (String s : List.of(
        "{\"embeddings\":[{\"values\":[0.1,-0.2,0.3]},{\"values\":[1,2,3]}]}", // Gemini batchEmbedContents
        "{\"id\":\"x\",\"embeddings\":{\"float\":[[0.5,1.5],[2,3]]},\"meta\":{\"billed_units\":{\"input_tokens\":4}}}",
        "{\"embedding\":[0.5,-0.25],\"inputTextTokenCount\":3}", // Bedrock Titan
        "{\"id\":\"x\",\"embeddings\":[[1,2],[3,4]]}")) { // Bedrock Cohere
      seeds.add(s.getBytes(StandardCharsets.UTF_8));
    }
    return Mutations.mutatedJson(seeds);
  }
}
