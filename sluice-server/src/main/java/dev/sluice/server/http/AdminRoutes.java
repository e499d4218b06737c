package dev.sluice.server.http;

import dev.sluice.core.error.ErrorKind;
import dev.sluice.core.error.GatewayException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The {@code /admin/...} routes, registered by exact path or by prefix (for {@code /admin/budgets/{id}}).
 * Each handler checks the admin key itself through {@link AdminAuth}; an unknown admin path is a 404.
 */
public final class AdminRoutes {
  private final Map<String, Consumer<Exchange>> exact = new LinkedHashMap<>();
  private final Map<String, Consumer<Exchange>> prefixes = new LinkedHashMap<>();

  public AdminRoutes exact(String path, Consumer<Exchange> handler) {
    exact.put(path, handler);
    return this;
  }

  /** Handles every path that starts with {@code prefix} (which should end with '/'). */
  public AdminRoutes prefix(String prefix, Consumer<Exchange> handler) {
    prefixes.put(prefix, handler);
    return this;
  }

  void handle(Exchange exchange) {
    String path = exchange.request().path();
    Consumer<Exchange> handler = exact.get(path);
    if (handler == null) {
      for (Map.Entry<String, Consumer<Exchange>> p : prefixes.entrySet()) {
        if (path.startsWith(p.getKey()) && path.length() > p.getKey().length()) {
          handler = p.getValue();
          break;
        }
      }
    }
    if (handler == null) {
      ErrorResponder.send(exchange, new GatewayException(ErrorKind.NOT_FOUND, "Unknown request URL: "
          + exchange.request().method().name() + " " + path + ".", null, "unknown_url"));
      return;
    }
    try {
      handler.accept(exchange);
    } catch (RuntimeException e) {
      ErrorResponder.send(exchange, e);
    }
  }
}
