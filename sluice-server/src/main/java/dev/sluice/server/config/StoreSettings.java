package dev.sluice.server.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where durable state lives.
 *
 * @param url the store URL; today only {@code sqlite:<path>} (PostgreSQL comes with the shared store)
 * @param dataDir directory for local state (SQLite file default, hash secret, journal); SLUICE_DATA_DIR
 * @param ledger the usage ledger's journal settings ({@code ledger:} in the YAML)
 */
public record StoreSettings(String url, Path dataDir, LedgerSettings ledger) {
  public StoreSettings {
    Objects.requireNonNull(ledger, "ledger");
  }

  /** With the ledger's defaults. */
  public StoreSettings(String url, Path dataDir) {
    this(url, dataDir, LedgerSettings.DEFAULTS);
  }
}
