package dev.sluice.core.route;

/**
 * The auto router's pick.
 *
 * @param rule the matching rule's name, or "default"
 * @param explanation why, for the {@code x-sluice-route} header: the features seen and any rules skipped
 */
public record AutoChoice(String model, String rule, String explanation) {}
