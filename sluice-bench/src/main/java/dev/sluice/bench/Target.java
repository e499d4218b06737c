package dev.sluice.bench;

/**
 * One way to reach the fake upstream: straight, through nginx, through the gateway, or through the gateway to the
 * Anthropic fake (translated).
 *
 * @param name row label in the report
 * @param host host to connect to
 * @param port port to connect to
 * @param apiKey bearer token to send
 * @param modelPrefix prefix for the model name ({@code fake/} or {@code anth/} for the gateway, empty otherwise)
 * @param pid the OS process that serves this hop (for CPU/RSS), or -1 when unknown or in-process
 */
record Target(String name, String host, int port, String apiKey, String modelPrefix, long pid) {
  static final String PATH = "/v1/chat/completions";

  String model(String model) {
    return modelPrefix + model;
  }

  /** The same hop (host, port, key, process) under another name, asking for models under another prefix. */
  Target withModelPrefix(String otherName, String otherPrefix) {
    return new Target(otherName, host, port, apiKey, otherPrefix, pid);
  }

  boolean hasPid() {
    return pid > 0;
  }
}
