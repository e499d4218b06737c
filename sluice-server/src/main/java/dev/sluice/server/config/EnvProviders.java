package dev.sluice.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Providers for running without a config file: one per hosted preset whose key variable is set, so that
 * {@code OPENAI_API_KEY=... sluice serve} just works. Local presets have no key variable and are never
 * added this way; nothing is probed on the network.
 */
final class EnvProviders {

  static final String OPENAI_BASE_URL_ENV = "OPENAI_BASE_URL";

  private EnvProviders() {}

  static List<ProviderSettings> fromEnv(Map<String, String> env, Problems problems) {
    List<ProviderSettings> out = new ArrayList<>();
    for (Presets.Preset preset : Presets.all().values()) {
      String key = preset.apiKeyEnv() == null ? null : env.get(preset.apiKeyEnv());
      if (key == null || key.isBlank()) {
        continue;
      }
      String baseUrl = preset.baseUrl();
      String override = preset.name().equals("openai") ? env.get(OPENAI_BASE_URL_ENV) : null;
      if (override != null && !override.isBlank()) {
        // the variable the OpenAI SDKs read; honoured only here, where there is no file to say otherwise
        try {
          baseUrl = BaseUrls.normalize(override);
        } catch (IllegalArgumentException e) {
          problems.add(OPENAI_BASE_URL_ENV, e.getMessage(), BaseUrls.FIX + ", or unset " + OPENAI_BASE_URL_ENV);
          continue;
        }
      }
      out.add(new ProviderSettings(preset.name(), preset.protocol(), baseUrl, key.strip(),
          preset.authHeader(), Map.of(), preset.models(), false, preset.options()));
    }
    return out;
  }
}
