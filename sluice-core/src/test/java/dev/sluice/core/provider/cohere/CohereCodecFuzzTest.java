package dev.sluice.core.provider.cohere;

import dev.sluice.core.canonical.ProviderAccess;
import dev.sluice.core.canonical.ProviderCodec;
import dev.sluice.core.fuzz.CodecFuzzContract;
import dev.sluice.core.fuzz.ProviderFuzz;
import java.util.List;
import java.util.Map;

/**
 * The Cohere codec under the shared hostile-upstream properties of {@link CodecFuzzContract} (RELIABILITY
 * A5#29); this class names only the codec and its recorded fixtures.
 */
class CohereCodecFuzzTest extends CodecFuzzContract {
  private static final ProviderCodec CODEC = new CohereCodec(new ProviderAccess("api.cohere.com", "", "k", Map.of()));

  @Override
  protected ProviderCodec codec() {
    return CODEC;
  }

  @Override
  protected List<byte[]> answerFixtures() {
    return ProviderFuzz.fixtures("cohere", "chat.json", "chat-tool-calls.json");
  }

  @Override
  protected List<byte[]> streamFixtures() {
    return ProviderFuzz.fixtures("cohere", "chat-stream-text.sse", "chat-stream-tool-calls.sse");
  }

  @Override
  protected List<byte[]> errorFixtures() {
    return ProviderFuzz.fixtures("cohere", "error-401.json");
  }
}
