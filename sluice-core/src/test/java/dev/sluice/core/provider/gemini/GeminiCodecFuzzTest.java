package dev.sluice.core.provider.gemini;

import dev.sluice.core.canonical.ProviderCodec;
import dev.sluice.core.fuzz.CodecFuzzContract;
import dev.sluice.core.fuzz.ProviderFuzz;
import java.util.List;

/**
 * The Gemini codec under the shared hostile-upstream properties of {@link CodecFuzzContract} (RELIABILITY
 * A5#29); this class names only the codec and its recorded fixtures.
 */
class GeminiCodecFuzzTest extends CodecFuzzContract {
  private static final ProviderCodec CODEC = new GeminiCodec(GeminiRequests.ACCESS);

  @Override
  protected ProviderCodec codec() {
    return CODEC;
  }

  @Override
  protected List<byte[]> answerFixtures() {
    return ProviderFuzz.fixtures("gemini", "generateContent-text.json", "generateContent-functionCall.json");
  }

  @Override
  protected List<byte[]> streamFixtures() {
    return ProviderFuzz.fixtures("gemini", "streamGenerateContent-text.sse", "streamGenerateContent-functionCall.sse");
  }

  @Override
  protected List<byte[]> errorFixtures() {
    return ProviderFuzz.fixtures("gemini", "error-400.json");
  }
}
