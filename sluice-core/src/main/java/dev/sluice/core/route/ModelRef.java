package dev.sluice.core.route;

/**
 * A model name as callers write it: {@code provider/model}. The model part may itself contain slashes
 * (OpenRouter and Together name models {@code meta-llama/Llama-3.3-70B}), so only the first slash splits.
 */
public record ModelRef(String provider, String model) {

  /** The reference, or null when the name has no provider prefix (it may then be an alias). */
  public static ModelRef parseOrNull(String name) {
    int slash = name.indexOf('/');
    if (slash <= 0 || slash == name.length() - 1) {
      return null;
    }
    return new ModelRef(name.substring(0, slash), name.substring(slash + 1));
  }

  @Override
  public String toString() {
    return provider + "/" + model;
  }
}
