package dev.sluice.core.provider.cohere;

import dev.sluice.core.canonical.ProviderAccess;
import dev.sluice.core.fuzz.CodecFuzzContract;
import dev.sluice.core.fuzz.ProviderFuzz;
import java.util.Map;

/**
 * The Cohere codec under the shared hostile-upstream properties of {@link CodecFuzzContract} (RELIABILITY
 * A5#29): only the codec and its recorded answers, streams and error bodies are named here.
 */
class CohereCodecFuzzTest extends CodecFuzzContract {
  CohereCodecFuzzTest() {
    super(new CohereCodec(new ProviderAccess("api.cohere.com", "", "k", Map.of())),
        ProviderFuzz.fixtures("cohere", "chat.json", "chat-tool-calls.json"),
        ProviderFuzz.fixtures("cohere", "chat-stream-text.sse", "chat-stream-tool-calls.sse"),
        ProviderFuzz.fixtures("cohere", "error-401.json"));
  }
}
