package dev.sluice.server.provider;

import dev.sluice.server.config.ProviderSettings;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.net.URI;

/**
 * Where and how to reach one provider, precomputed from its settings so the hot path only copies headers.
 * The host comes from configuration only: nothing in a client request can change it.
 */
public record ProviderEndpoint(
    String name,
    String protocol,
    String host,
    int port,
    boolean ssl,
    String basePath,
    MultiMap headers,
    boolean demo) {

  public static ProviderEndpoint of(ProviderSettings settings) {
    URI uri = URI.create(settings.baseUrl());
    boolean ssl = "https".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() != -1 ? uri.getPort() : (ssl ? 443 : 80);
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    MultiMap headers = HttpHeaders.headers();
    settings.headers().forEach(headers::add);
    headers.set(HttpHeaders.CONTENT_TYPE, "application/json");
    headers.set(HttpHeaders.USER_AGENT, "sluice/0.1");
    // Bedrock signs each request (SigV4) with the key instead of sending it, unless it is a Bedrock API key.
    boolean signed = settings.protocol().equals("bedrock") && !"bearer".equals(settings.options().get("auth"));
    if (!signed && settings.apiKey() != null && !settings.apiKey().isEmpty()) {
      String header = settings.authHeader() == null ? "Authorization" : settings.authHeader();
      headers.set(header, header.equalsIgnoreCase("authorization")
          ? "Bearer " + settings.apiKey() : settings.apiKey());
    }
    return new ProviderEndpoint(settings.name(), settings.protocol(), uri.getHost(), port, ssl, path,
        headers, settings.demo());
  }

  /** The request path for an API operation, e.g. {@code /v1} + {@code /chat/completions}. */
  public String path(String operation) {
    return basePath + operation;
  }

  @Override
  public String toString() {
    // Never print headers: they hold the provider secret.
    return "ProviderEndpoint[" + name + " " + (ssl ? "https" : "http") + "://" + host + ":" + port + basePath + "]";
  }
}
