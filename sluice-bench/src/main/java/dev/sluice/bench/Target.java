package dev.sluice.bench;

/**
 * One way to reach the fake upstream: straight, through nginx, or through the gateway.
 *
 * @param name row label in the report
 * @param host host to connect to
 * @param port port to connect to
 * @param apiKey bearer token to send
 * @param modelPrefix prefix for the model name ({@code fake/} for the gateway, empty otherwise)
 * @param pid the OS process that serves this hop (for CPU/RSS), or -1 when unknown or in-process
 */
record Target(String name, String host, int port, String apiKey, String modelPrefix, long pid) {
  static final String PATH = "/v1/chat/completions";

  String model(String model) {
    return modelPrefix + model;
  }

  boolean hasPid() {
    return pid > 0;
  }
}
