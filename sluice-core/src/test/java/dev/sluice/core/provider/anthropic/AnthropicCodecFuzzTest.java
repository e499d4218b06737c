package dev.sluice.core.provider.anthropic;

import dev.sluice.core.canonical.ProviderAccess;
import dev.sluice.core.fuzz.CodecFuzzContract;
import dev.sluice.core.fuzz.ProviderFuzz;
import java.util.Map;

/**
 * The Anthropic codec under the shared hostile-upstream properties of {@link CodecFuzzContract} (RELIABILITY
 * A5#29): only the codec and its recorded answers, streams and error bodies are named here.
 */
class AnthropicCodecFuzzTest extends CodecFuzzContract {
  AnthropicCodecFuzzTest() {
    super(new AnthropicCodec(new ProviderAccess("api.anthropic.com", "", "k", Map.of())),
        ProviderFuzz.fixtures("anthropic", "message.json", "message-tool-use.json", "message-thinking.json"),
        ProviderFuzz.fixtures("anthropic", "stream-text.sse", "stream-tool-use.sse", "stream-thinking.sse",
            "stream-error-midstream.sse"),
        ProviderFuzz.fixtures("anthropic", "error-401.json", "error-404-model.json"));
  }
}
