package dev.sluice.core.provider.openai;

import dev.sluice.core.canonical.ProviderAccess;
import dev.sluice.core.canonical.ProviderCodec;
import dev.sluice.core.fuzz.CodecFuzzContract;
import dev.sluice.core.fuzz.ProviderFuzz;
import java.util.List;
import java.util.Map;

/**
 * The OpenAI chat codec under the shared hostile-upstream properties of {@link CodecFuzzContract} (RELIABILITY
 * A5#29); this class names only the codec and its recorded fixtures.
 */
class OpenAiChatCodecFuzzTest extends CodecFuzzContract {
  private static final ProviderCodec CODEC = new OpenAiChatCodec(new ProviderAccess("api.openai.com", "/v1", "k", Map.of()));

  @Override
  protected ProviderCodec codec() {
    return CODEC;
  }

  @Override
  protected List<byte[]> answerFixtures() {
    return ProviderFuzz.fixtures("openai", "chat-completion.json", "chat-completion-tool-calls.json");
  }

  @Override
  protected List<byte[]> streamFixtures() {
    return ProviderFuzz.fixtures("openai", "chat-completion-stream-text.sse", "chat-completion-stream-tool-calls.sse");
  }

  @Override
  protected List<byte[]> errorFixtures() {
    return ProviderFuzz.fixtures("openai", "error-401-invalid-key.json", "error-404-model.json");
  }
}
