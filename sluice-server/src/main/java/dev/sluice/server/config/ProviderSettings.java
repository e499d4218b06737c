package dev.sluice.server.config;

import java.util.List;
import java.util.Map;

/**
 * One upstream provider: a name (the prefix in {@code provider/model}), the protocol it speaks, and how to
 * reach and authenticate to it. OpenAI-compatible hosts are presets that fill {@code baseUrl} and
 * {@code authHeader}; no code per host.
 *
 * @param name the prefix callers use, e.g. "openai" in "openai/gpt-4o-mini"
 * @param protocol the wire protocol: openai (and every OpenAI-compatible host), azure, anthropic, gemini,
 *     bedrock or cohere
 * @param baseUrl the API root including the version path, e.g. https://api.openai.com/v1
 * @param apiKey the provider secret, or null for hosts that need none (a local vLLM or Ollama)
 * @param authHeader header carrying the secret: "Authorization" (sent as "Bearer <key>") or another
 *     header name whose value is the bare key (e.g. "api-key")
 * @param headers extra fixed headers sent upstream (e.g. an organization id)
 * @param models models this provider lists in /v1/models; any other model name is still passed through
 * @param demo true for the bundled fake provider started when nothing else is configured
 * @param options protocol settings: {@code api_version} (azure, anthropic), {@code region},
 *     {@code secret_access_key}, {@code session_token}, {@code auth} (bedrock)
 */
public record ProviderSettings(
    String name,
    String protocol,
    String baseUrl,
    String apiKey,
    String authHeader,
    Map<String, String> headers,
    List<ModelEntry> models,
    boolean demo,
    Map<String, String> options) {

  public ProviderSettings {
    headers = Map.copyOf(headers);
    models = List.copyOf(models);
    options = options == null ? Map.of() : Map.copyOf(options);
  }

  /** A provider without protocol options. */
  public ProviderSettings(String name, String protocol, String baseUrl, String apiKey, String authHeader,
      Map<String, String> headers, List<ModelEntry> models, boolean demo) {
    this(name, protocol, baseUrl, apiKey, authHeader, headers, models, demo, Map.of());
  }

  @Override
  public String toString() {
    // Never print the key or the options (a Bedrock secret lives there).
    return "ProviderSettings[" + name + ", " + protocol + ", " + baseUrl + ", options=" + options.keySet() + "]";
  }
}
