package dev.sluice.core.catalog;

/**
 * What the bundled catalog knows of one model. Prices are integer micro-dollars per million tokens (never
 * floating point); a null price means unknown, which is not the same as free.
 */
public record ModelInfo(
    String model,
    Integer contextLength,
    Long inputMicrosPerMTok,
    Long cachedInputMicrosPerMTok,
    Long outputMicrosPerMTok) {}
