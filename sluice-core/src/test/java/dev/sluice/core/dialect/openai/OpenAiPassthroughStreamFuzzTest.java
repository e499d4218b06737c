package dev.sluice.core.dialect.openai;

import dev.sluice.core.fuzz.Contract;
import dev.sluice.core.fuzz.Mutations;
import dev.sluice.core.fuzz.ProviderFuzz;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The OpenAI-to-OpenAI stream path (no translation: SSE framing plus the usage/finish scan of each chunk) fed
 * mutated upstream streams in any pieces: it reports a broken stream through {@code failed()}, never throws.
 */
class OpenAiPassthroughStreamFuzzTest {

  @Property
  void mutatedUpstreamStreams(@ForAll("streams") byte[] body, @ForAll @IntRange(min = 1, max = 300) int piece,
      @ForAll boolean wantsUsage) {
    Contract.returnsOrThrowsOnly(body, () -> {
      OpenAiPassthroughStream stream = new OpenAiPassthroughStream(wantsUsage);
      for (int at = 0; at < body.length; at += piece) {
        stream.feed(body, at, Math.min(piece, body.length - at), step -> {});
      }
      stream.endOfInput(step -> {});
      stream.usage();
    });
  }

  @Provide
  Arbitrary<byte[]> streams() {
    return Mutations.mutatedOrRandom(ProviderFuzz.fixtures("openai", "chat-completion-stream-text.sse",
        "chat-completion-stream-tool-calls.sse"));
  }
}
