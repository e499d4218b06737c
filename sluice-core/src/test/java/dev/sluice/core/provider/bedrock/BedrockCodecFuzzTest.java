package dev.sluice.core.provider.bedrock;

import dev.sluice.core.canonical.ProviderAccess;
import dev.sluice.core.fuzz.CodecFuzzContract;
import dev.sluice.core.fuzz.ProviderFuzz;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The Bedrock codec under the shared hostile-upstream properties of {@link CodecFuzzContract} (RELIABILITY
 * A5#29): only the codec and its recorded answers, streams and error bodies are named here.
 * Its streams are binary event-stream frames built from the recorded events, not files.
 */
class BedrockCodecFuzzTest extends CodecFuzzContract {
  BedrockCodecFuzzTest() {
    super(new BedrockCodec(new ProviderAccess("bedrock-runtime.us-east-1.amazonaws.com", "", "AKIDEXAMPLE",
            Map.of("region", "us-east-1", "secret_access_key", "secret")), Clock.systemUTC()),
        ProviderFuzz.fixtures("bedrock", "converse.json", "converse-tool-use.json", "converse-reasoning.json"),
        List.of(BedrockFixtures.recordedStream(),
            BedrockFixtures.streamFromJsonl("converse-stream-text.events.jsonl"),
            BedrockFixtures.streamFromJsonl("converse-stream-tool-use.events.jsonl"),
            BedrockFixtures.streamFromJsonl("converse-stream-reasoning.events.jsonl")),
        ProviderFuzz.fixtures("bedrock", "error-validation.json"));
  }
}
