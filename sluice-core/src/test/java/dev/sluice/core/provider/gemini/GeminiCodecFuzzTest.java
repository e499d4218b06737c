package dev.sluice.core.provider.gemini;

import dev.sluice.core.fuzz.CodecFuzzContract;
import dev.sluice.core.fuzz.ProviderFuzz;

/**
 * The Gemini codec under the shared hostile-upstream properties of {@link CodecFuzzContract} (RELIABILITY
 * A5#29): only the codec and its recorded answers, streams and error bodies are named here.
 */
class GeminiCodecFuzzTest extends CodecFuzzContract {
  GeminiCodecFuzzTest() {
    super(new GeminiCodec(GeminiRequests.ACCESS),
        ProviderFuzz.fixtures("gemini", "generateContent-text.json", "generateContent-functionCall.json"),
        ProviderFuzz.fixtures("gemini", "streamGenerateContent-text.sse", "streamGenerateContent-functionCall.sse"),
        ProviderFuzz.fixtures("gemini", "error-400.json"));
  }
}
