package dev.sluice.core.provider.anthropic;

import dev.sluice.core.canonical.ProviderAccess;
import dev.sluice.core.canonical.ProviderCodec;
import dev.sluice.core.fuzz.CodecFuzzContract;
import dev.sluice.core.fuzz.ProviderFuzz;
import java.util.List;
import java.util.Map;

/**
 * The Anthropic codec under the shared hostile-upstream properties of {@link CodecFuzzContract} (RELIABILITY
 * A5#29); this class names only the codec and its recorded fixtures.
 */
class AnthropicCodecFuzzTest extends CodecFuzzContract {
  private static final ProviderCodec CODEC = new AnthropicCodec(new ProviderAccess("api.anthropic.com", "", "k", Map.of()));

  @Override
  protected ProviderCodec codec() {
    return CODEC;
  }

  @Override
  protected List<byte[]> answerFixtures() {
    return ProviderFuzz.fixtures("anthropic", "message.json", "message-tool-use.json", "message-thinking.json");
  }

  @Override
  protected List<byte[]> streamFixtures() {
    return ProviderFuzz.fixtures("anthropic", "stream-text.sse", "stream-tool-use.sse", "stream-thinking.sse",
        "stream-error-midstream.sse");
  }

  @Override
  protected List<byte[]> errorFixtures() {
    return ProviderFuzz.fixtures("anthropic", "error-401.json", "error-404-model.json");
  }
}
