package dev.sluice.server.config;

/**
 * A model a provider offers, as listed in /v1/models.
 *
 * @param name the provider's own model name (after the "provider/" prefix)
 * @param contextLength context window in tokens, or null to take it from the bundled catalog
 */
public record ModelEntry(String name, Integer contextLength) {}
