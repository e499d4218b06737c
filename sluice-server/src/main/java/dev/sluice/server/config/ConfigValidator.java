package dev.sluice.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a parsed YAML tree into a {@link SluiceConfig}: checks every key and value, fills defaults, and
 * throws one {@link ConfigException} with every problem found. Sections with more rules live in
 * {@link ServerSection}, {@link ProviderSection}, {@link AliasSection} (with {@link DeploymentSection}) and
 * {@link RoutingSection} (with {@link PreferencesSection} and {@link AutoSection}); store is small enough to
 * stay here. Order matters: aliases need the provider names, routing needs both (for {@code provider.order}
 * and the auto router's models).
 */
final class ConfigValidator {

  static final List<String> TOP_KEYS = List.of("server", "store", "providers", "models", "routing", "ledger");
  static final List<String> STORE_KEYS = List.of("url");
  static final List<String> LEDGER_KEYS = List.of("on_journal_failure");
  static final String DATA_DIR_ENV = "SLUICE_DATA_DIR";
  static final String DEFAULT_DATA_DIR = "./data";

  private ConfigValidator() {}

  /**
   * @param source file name for messages and {@link SluiceConfig#source()}
   * @param root the parsed document (MissingNode or null for an empty file)
   * @param implicitProviders providers that come from the environment rather than the file (built-in defaults)
   */
  static SluiceConfig validate(
      String source, JsonNode root, Map<String, String> env, List<ProviderSettings> implicitProviders,
      Problems problems) {
    ConfigNode top = ConfigNode.root(root, env, problems);
    if (!top.isAbsent() && !top.isObject()) {
      top.problem("expected a mapping with keys " + String.join(", ", TOP_KEYS) + ", got "
          + ConfigNode.describe(top.raw()), "start the file with a top-level key such as providers:");
      problems.throwIfAny();
    }
    top.checkKeys(TOP_KEYS, Map.of());

    ServerSettings server = ServerSection.read(top.get("server"), env, problems);
    StoreSettings store = store(top.get("store"), env, problems);
    LedgerSettings ledger = ledger(top.get("ledger"));
    if (store != null) {
      store = new StoreSettings(store.url(), store.dataDir(), ledger);
    }

    Set<String> declared = new LinkedHashSet<>();
    List<ProviderSettings> providers = new ArrayList<>(implicitProviders);
    implicitProviders.forEach(p -> declared.add(p.name()));
    providers.addAll(ProviderSection.read(top.get("providers"), declared, problems));
    Set<String> aliasNames = new LinkedHashSet<>();
    List<ModelAlias> aliases = AliasSection.read(top.get("models"), declared, aliasNames, problems);
    RoutingSettings routing = RoutingSection.read(top.get("routing"), declared, aliasNames, problems);

    problems.throwIfAny();
    return new SluiceConfig(source, server, store, providers, aliases, routing);
  }

  /** {@code ledger: { on_journal_failure: reject | serve }}; absent means the defaults (reject). */
  private static LedgerSettings ledger(ConfigNode ledger) {
    if (ledger.isMapping("write ledger: as a mapping, e.g. ledger: { on_journal_failure: reject }")) {
      ledger.checkKeys(LEDGER_KEYS, Map.of());
    }
    String policy = ledger.get("on_journal_failure").oneOf(List.of("reject", "serve"), "on_journal_failure");
    JournalFailurePolicy onFailure = policy == null ? LedgerSettings.DEFAULTS.onJournalFailure()
        : JournalFailurePolicy.valueOf(policy.toUpperCase(java.util.Locale.ROOT));
    return new LedgerSettings(onFailure, LedgerSettings.DEFAULT_SEGMENT_BYTES);
  }

  private static StoreSettings store(ConfigNode store, Map<String, String> env, Problems problems) {
    if (store.isMapping("write store: as a mapping, e.g. store: { url: \"sqlite:./data/sluice.db\" }")) {
      store.checkKeys(STORE_KEYS, Map.of(
          "redis", "remove it; rate limits and budgets are kept in this process today"));
    }
    Path dataDir;
    String dir = env.getOrDefault(DATA_DIR_ENV, "");
    try {
      dataDir = Path.of(dir.isBlank() ? DEFAULT_DATA_DIR : dir);
    } catch (InvalidPathException e) {
      problems.add(DATA_DIR_ENV, "\"" + dir + "\" is not a valid directory path (" + e.getReason() + ")",
          "set " + DATA_DIR_ENV + " to a directory, e.g. ./data");
      return null;
    }
    ConfigNode urlNode = store.get("url");
    String url = urlNode.text();
    if (url == null) {
      return new StoreSettings("sqlite:" + dataDir.resolve("sluice.db"), dataDir);
    }
    url = url.strip();
    String fix = "use sqlite:<path>, e.g. sqlite:./data/sluice.db";
    if (url.startsWith("postgresql:") || url.startsWith("postgres:")) {
      urlNode.problem("PostgreSQL is not supported yet", fix);
    } else if (!url.startsWith("sqlite:")) {
      urlNode.problem("\"" + url + "\" is not a supported store URL", fix);
    } else if (url.substring("sqlite:".length()).isBlank()) {
      urlNode.problem("\"" + url + "\" names no database file", fix);
    }
    return new StoreSettings(url, dataDir);
  }
}
