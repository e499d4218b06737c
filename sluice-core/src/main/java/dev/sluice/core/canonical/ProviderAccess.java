package dev.sluice.core.canonical;

import java.util.Map;

/**
 * What a provider codec knows of its configured provider: the base URL's host (SigV4 signs it), the
 * credential (may be null: sent by configured headers), and protocol options from the config (e.g.
 * {@code api_version} for Azure and Anthropic, {@code region}, {@code secret_access_key} for Bedrock).
 */
public record ProviderAccess(String host, String basePath, String apiKey, Map<String, String> options) {
  public ProviderAccess {
    options = options == null ? Map.of() : Map.copyOf(options);
  }

  public String option(String name, String fallback) {
    String value = options.get(name);
    return value == null || value.isEmpty() ? fallback : value;
  }

  @Override
  public String toString() {
    return "ProviderAccess[" + host + basePath + ", options=" + options.keySet() + "]"; // never the secrets
  }
}
