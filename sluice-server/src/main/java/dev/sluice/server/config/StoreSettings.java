package dev.sluice.server.config;

import java.nio.file.Path;

/**
 * Where durable state lives.
 *
 * @param url the store URL; today only {@code sqlite:<path>} (PostgreSQL comes with the shared store)
 * @param dataDir directory for local state (SQLite file default, hash secret, journal); SLUICE_DATA_DIR
 */
public record StoreSettings(String url, Path dataDir) {}
