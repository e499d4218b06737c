package dev.sluice.server.http;

import dev.sluice.core.error.ErrorKind;
import dev.sluice.core.error.GatewayException;
import io.vertx.core.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * The admin key check shared by every admin route: {@code Authorization: Bearer <admin key>}, compared in
 * constant time. Virtual keys never pass it. Without a configured admin key the admin API is disabled
 * (403). On refusal the error response has been sent and the caller just returns.
 */
public final class AdminAuth {
  private final byte[] adminKey;

  public AdminAuth(String adminKey) {
    this.adminKey = adminKey == null ? null : adminKey.getBytes(StandardCharsets.UTF_8);
  }

  /** True when the request may proceed: an allowed method and the admin key. */
  public boolean authorize(Exchange exchange, Set<HttpMethod> methods) {
    if (!methods.contains(exchange.request().method())) {
      exchange.response().putHeader("allow", String.join(", ", methods.stream().map(HttpMethod::name).sorted().toList()));
      ErrorResponder.send(exchange, new GatewayException(ErrorKind.METHOD_NOT_ALLOWED,
          exchange.request().path() + " does not accept " + exchange.request().method().name() + ".", null,
          "method_not_allowed"));
      return false;
    }
    if (adminKey == null) {
      ErrorResponder.send(exchange, GatewayException.permission(
          "The admin API is disabled: set server.admin_key or SLUICE_ADMIN_KEY to enable it."));
      return false;
    }
    String header = exchange.request().getHeader("authorization");
    byte[] presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
        ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
    if (!MessageDigest.isEqual(presented, adminKey)) {
      ErrorResponder.send(exchange, GatewayException.authentication("This route needs the admin key."));
      return false;
    }
    return true;
  }
}
