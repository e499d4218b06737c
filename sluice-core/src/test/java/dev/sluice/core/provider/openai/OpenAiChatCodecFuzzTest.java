package dev.sluice.core.provider.openai;

import dev.sluice.core.canonical.ProviderAccess;
import dev.sluice.core.fuzz.CodecFuzzContract;
import dev.sluice.core.fuzz.ProviderFuzz;
import java.util.Map;

/**
 * The OpenAI chat codec under the shared hostile-upstream properties of {@link CodecFuzzContract} (RELIABILITY
 * A5#29): only the codec and its recorded answers, streams and error bodies are named here.
 */
class OpenAiChatCodecFuzzTest extends CodecFuzzContract {
  OpenAiChatCodecFuzzTest() {
    super(new OpenAiChatCodec(new ProviderAccess("api.openai.com", "/v1", "k", Map.of())),
        ProviderFuzz.fixtures("openai", "chat-completion.json", "chat-completion-tool-calls.json"),
        ProviderFuzz.fixtures("openai", "chat-completion-stream-text.sse", "chat-completion-stream-tool-calls.sse"),
        ProviderFuzz.fixtures("openai", "error-401-invalid-key.json", "error-404-model.json"));
  }
}
