package dev.sluice.server.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code providers:}: one upstream each, with presets filling what the entry leaves out. */
final class ProviderSection {

  static final List<String> KEYS =
      List.of("name", "protocol", "preset", "base_url", "api_key", "auth_header", "headers", "models", "options");
  static final String DEFAULT_AUTH_HEADER = "Authorization";
  static final String OPENAI = "openai";
  /** Every upstream protocol with a codec. */
  static final List<String> PROTOCOLS = List.of(OPENAI, "azure", "anthropic", "gemini", "bedrock", "cohere");
  /** Protocol options a provider may set, per protocol. */
  static final Map<String, List<String>> OPTIONS = Map.of(
      OPENAI, List.of("max_tokens_field"),
      "azure", List.of("api_version", "max_tokens_field"),
      "anthropic", List.of("anthropic_version"),
      "gemini", List.of("api_version"),
      "bedrock", List.of("region", "secret_access_key", "session_token", "auth"),
      "cohere", List.of());

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
  // RFC 9110 token characters: anything else is not a header name the HTTP client can send
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  /** Headers the client computes itself or that carry the key; setting them by hand breaks requests. */
  private static final Set<String> RESERVED_HEADERS = Set.of("authorization", "host", "content-length");
  private static final String NAME_FIX = "use lower-case letters, digits, '-' and '_', starting with a letter "
      + "or digit, e.g. openai";

  private ProviderSection() {}

  /**
   * All providers, or null entries dropped when reported. {@code declared} receives every well-formed name even
   * of providers with other problems, so aliases that point at them do not get a second, misleading complaint.
   */
  static List<ProviderSettings> read(ConfigNode providers, Set<String> declared, Problems problems) {
    List<ProviderSettings> out = new ArrayList<>();
    Map<String, String> firstPath = new LinkedHashMap<>();
    for (ConfigNode p : providers.items("write providers: as a list of \"- name: ...\" entries")) {
      ProviderSettings settings = readOne(p, firstPath, declared, problems);
      if (settings != null) {
        out.add(settings);
      }
    }
    return out;
  }

  private static ProviderSettings readOne(
      ConfigNode p, Map<String, String> firstPath, Set<String> declared, Problems problems) {
    int before = problems.count();
    if (p.isAbsent()) {
      p.problem("empty provider entry", "give it at least a name and a base_url or preset");
      return null;
    }
    if (!p.isMapping("write each provider as a mapping, e.g. - { name: openai, preset: openai }")) {
      return null;
    }
    p.checkKeys(KEYS, Map.of());

    ConfigNode nameNode = p.get("name");
    String name = nameNode.requiredText("add the prefix callers will use, e.g. name: openai");
    if (name != null) {
      if (!NAME.matcher(name).matches()) {
        nameNode.problem("\"" + name + "\" is not a valid provider name", NAME_FIX);
      } else if (name.equals(ModelNames.GATEWAY_PREFIX)) {
        nameNode.problem("\"" + name + "\" is reserved: models named sluice/... belong to the gateway (sluice/auto)",
            "give the provider another name, e.g. " + name + "-upstream");
      } else if (firstPath.containsKey(name)) {
        nameNode.problem("duplicate provider name \"" + name + "\" (first used at " + firstPath.get(name) + ")",
            "give each provider its own name");
      } else {
        firstPath.put(name, nameNode.path());
        declared.add(name);
      }
    }

    ConfigNode presetNode = p.get("preset");
    String presetName = presetNode.text();
    Presets.Preset preset = null;
    if (presetName != null) {
      preset = Presets.find(presetName);
      if (preset == null) {
        presetNode.problem("unknown preset \"" + presetName + "\""
                + Suggestions.didYouMean(presetName, Presets.all().keySet()),
            "use one of: " + String.join(", ", Presets.all().keySet()) + ", or leave preset out and set base_url");
      }
    }

    ConfigNode protocolNode = p.get("protocol");
    String protocol = protocolNode.text();
    if (protocol == null) {
      protocol = preset != null ? preset.protocol() : OPENAI;
    } else {
      protocol = protocol.strip().toLowerCase(Locale.ROOT);
      if (!PROTOCOLS.contains(protocol)) {
        protocolNode.problem("unknown protocol \"" + protocol + "\"" + Suggestions.didYouMean(protocol, PROTOCOLS),
            "use one of: " + String.join(", ", PROTOCOLS));
        protocol = null;
      }
    }
    Map<String, String> options = new LinkedHashMap<>(preset != null ? preset.options() : Map.of());
    if (protocol != null) {
      options.putAll(options(p.get("options"), protocol));
      if (protocol.equals("bedrock") && !options.containsKey("region")) {
        p.get("options").problem("a bedrock provider needs its AWS region",
            "add options: { region: us-east-1, secret_access_key: ${AWS_SECRET_ACCESS_KEY} } (api_key is the access key id)");
      }
    }

    String baseUrl = baseUrl(p.get("base_url"), preset, presetName != null);
    ConfigNode keyNode = p.get("api_key");
    String apiKey = keyNode.text();
    if (apiKey != null) {
      apiKey = apiKey.strip(); // keys pasted from files often carry a trailing newline
      if (apiKey.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
        keyNode.problem("the key contains a line break or control character", "check the value of the key");
      }
    }

    ConfigNode authNode = p.get("auth_header");
    String authHeader = authNode.text();
    if (authHeader == null) {
      authHeader = preset != null ? preset.authHeader() : defaultAuthHeader(protocol);
    } else {
      authHeader = authHeader.strip();
      if (!HEADER_NAME.matcher(authHeader).matches()) {
        authNode.problem("\"" + authHeader + "\" is not a valid header name",
            "use Authorization (sent as Bearer <key>) or the header the host expects, e.g. api-key");
      } else if (!authHeader.equalsIgnoreCase(DEFAULT_AUTH_HEADER)
          && RESERVED_HEADERS.contains(authHeader.toLowerCase(Locale.ROOT))) {
        authNode.problem("the key cannot be sent in " + authHeader, "use Authorization or e.g. api-key");
      }
    }

    Map<String, String> headers = headers(p.get("headers"), authHeader);
    List<ModelEntry> models = p.get("models").isAbsent()
        ? (preset != null ? preset.models() : List.of())
        : models(p.get("models")); // listed models replace the preset's: the user chose what to show

    if (problems.count() > before) {
      return null;
    }
    return new ProviderSettings(name, protocol, baseUrl, apiKey, authHeader, headers, models, false, options);
  }

  /** The header each protocol's own API takes its key in (a preset or the entry may say otherwise). */
  static String defaultAuthHeader(String protocol) {
    return switch (protocol == null ? OPENAI : protocol) {
      case "azure" -> "api-key";
      case "anthropic" -> "x-api-key";
      case "gemini" -> "x-goog-api-key";
      default -> DEFAULT_AUTH_HEADER;
    };
  }

  private static final Pattern API_VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(-preview)?");

  private static Map<String, String> options(ConfigNode node, String protocol) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node.isAbsent() || !node.isMapping("write options: as a mapping, e.g. options: { api_version: 2024-10-21 }")) {
      return out;
    }
    List<String> allowed = OPTIONS.getOrDefault(protocol, List.of());
    for (Map.Entry<String, ConfigNode> e : node.entries()) {
      if (!allowed.contains(e.getKey())) {
        e.getValue().problem("unknown option \"" + e.getKey() + "\" for protocol " + protocol
                + Suggestions.didYouMean(e.getKey(), allowed),
            allowed.isEmpty() ? "remove it: " + protocol + " takes no options" : "use one of: " + String.join(", ", allowed));
        continue;
      }
      // An empty value is an unset option: "${AWS_SESSION_TOKEN:-}" without a session token.
      String value = e.getValue().text();
      if (value == null || value.isBlank()) {
        continue;
      }
      if (value != null && e.getKey().equals("api_version") && protocol.equals("azure")
          && !API_VERSION.matcher(value.strip()).matches()) {
        e.getValue().problem("\"" + value + "\" is not an Azure OpenAI api-version",
            "use a dated version such as 2024-10-21 or 2025-04-01-preview");
        continue;
      }
      if (value != null && e.getKey().equals("max_tokens_field")
          && !List.of("max_tokens", "max_completion_tokens").contains(value.strip())) {
        e.getValue().problem("\"" + value + "\" is not a max-tokens field", "use max_tokens or max_completion_tokens");
        continue;
      }
      if (value != null) {
        out.put(e.getKey(), value.strip());
      }
    }
    return out;
  }

  private static String baseUrl(ConfigNode node, Presets.Preset preset, boolean presetNamed) {
    String raw;
    if (presetNamed) {
      raw = node.text(); // optional: the preset gives one (an unknown preset is reported on its own)
      if (raw == null) {
        return preset == null ? null : preset.baseUrl();
      }
    } else {
      raw = node.requiredText(BaseUrls.FIX + ", or set preset: to a known host ("
          + String.join(", ", Presets.all().keySet()) + ")");
      if (raw == null) {
        return null;
      }
    }
    try {
      return BaseUrls.normalize(raw);
    } catch (IllegalArgumentException e) {
      node.problem(e.getMessage(), BaseUrls.FIX);
      return null;
    }
  }

  private static Map<String, String> headers(ConfigNode node, String authHeader) {
    Map<String, String> out = new LinkedHashMap<>();
    if (!node.isMapping("write headers: as a mapping, e.g. headers: { OpenAI-Organization: org-x }")) {
      return out;
    }
    Set<String> seen = new LinkedHashSet<>();
    for (Map.Entry<String, ConfigNode> e : node.entries()) {
      String header = e.getKey();
      ConfigNode value = e.getValue();
      String lower = header.toLowerCase(Locale.ROOT);
      if (!HEADER_NAME.matcher(header).matches()) {
        value.problem("\"" + header + "\" is not a valid header name", "use letters, digits and '-'");
        continue;
      }
      if (RESERVED_HEADERS.contains(lower)) {
        value.problem("headers must not set " + header + "; the gateway sets it",
            "remove it; put the key in api_key (and the header name in auth_header if it is not Authorization)");
        continue;
      }
      if (lower.equals(authHeader.toLowerCase(Locale.ROOT))) {
        value.problem(header + " is already the auth_header carrying api_key", "remove it from headers");
        continue;
      }
      if (!seen.add(lower)) {
        value.problem("header " + header + " is set twice (header names ignore case)", "keep one of them");
        continue;
      }
      String v = value.requiredText("give the header a value, or remove it");
      if (v != null && (v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\0') >= 0)) {
        value.problem("header value contains a line break", "put the value on one line");
      } else if (v != null) {
        out.put(header, v);
      }
    }
    return out;
  }

  private static List<ModelEntry> models(ConfigNode node) {
    List<ModelEntry> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    String fix = "write each model as a name or as { name: gpt-4o, context_length: 128000 }";
    for (ConfigNode m : node.items("write models: as a list, e.g. [gpt-4o-mini, {name: gpt-4o, context_length: 128000}]")) {
      ConfigNode nameNode = m;
      Integer contextLength = null;
      if (m.isAbsent()) {
        m.problem("empty model entry", fix);
        continue;
      }
      if (m.isObject()) {
        m.checkKeys(List.of("name", "context_length"), Map.of());
        nameNode = m.get("name");
        Long cl = m.get("context_length").integer(1, Integer.MAX_VALUE, "give the context window in tokens, e.g. 128000");
        contextLength = cl == null ? null : cl.intValue();
      }
      String name = nameNode.requiredText(fix);
      if (name == null) {
        continue;
      }
      name = name.strip();
      if (!seen.add(name)) {
        nameNode.problem("model \"" + name + "\" is listed twice", "keep one of them");
        continue;
      }
      out.add(new ModelEntry(name, contextLength));
    }
    return out;
  }
}
