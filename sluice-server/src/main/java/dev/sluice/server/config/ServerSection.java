package dev.sluice.server.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads {@code server:}: where to listen, body limit, admin key, the host/admin-key safety rule, and the
 * client connection timeouts.
 */
final class ServerSection {

  static final List<String> KEYS = List.of("host", "port", "max_body", "admin_key", "sse_keepalive",
      "header_timeout", "body_timeout", "send_timeout", "keep_alive_timeout", "shutdown_grace");
  static final String LOOPBACK = "127.0.0.1";
  static final String ANY = "0.0.0.0";
  static final int DEFAULT_PORT = 8080;
  static final long DEFAULT_MAX_BODY = 8L << 20;
  static final Duration DEFAULT_SSE_KEEPALIVE = Duration.ofSeconds(15);
  static final int MIN_ADMIN_KEY = 32;
  static final String ADMIN_KEY_ENV = "SLUICE_ADMIN_KEY";

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?\\.?");

  private ServerSection() {}

  /** The settings, or null when something was reported. */
  static ServerSettings read(ConfigNode server, Map<String, String> env, Problems problems) {
    int before = problems.count();
    if (server.isMapping("write server: as a mapping, e.g. server: { host: 127.0.0.1, port: 8080 }")) {
      server.checkKeys(KEYS, Map.of());
    }
    String adminKey = adminKey(server.get("admin_key"), env, problems);
    ConfigNode hostNode = server.get("host");
    int beforeHost = problems.count();
    String host = hostNode.text();
    if (problems.count() > beforeHost) {
      host = LOOPBACK; // wrong and reported; any value lets the other fields be checked
    } else if (host == null) {
      // with an admin key the gateway is meant to be reached from elsewhere; without one only from here
      host = adminKey != null ? ANY : LOOPBACK;
    } else {
      host = unbracket(host.strip()); // "[::1]" is URL syntax; the listener wants the bare address
      checkHost(hostNode, host, adminKey != null);
    }
    Long port = server.get("port").integer(0, 65535, "use a TCP port between 1 and 65535 (0 picks a free one)");
    Long maxBody = server.get("max_body").byteSize(Integer.MAX_VALUE,
        "use less than 2GiB, e.g. 64MiB; request bodies are held in memory");
    Duration keepAlive = server.get("sse_keepalive").duration();
    // Each timeout guards one phase of a client connection; none of them can cut a slow upstream, since
    // they measure only what the client does (see dev.sluice.server.http.ConnectionClock).
    Duration header = server.get("header_timeout").duration();
    Duration body = server.get("body_timeout").duration();
    Duration send = server.get("send_timeout").duration();
    Duration idle = server.get("keep_alive_timeout").duration();
    Duration grace = server.get("shutdown_grace").duration();
    if (problems.count() > before) {
      return null;
    }
    return new ServerSettings(host, port == null ? DEFAULT_PORT : port.intValue(),
        maxBody == null ? DEFAULT_MAX_BODY : maxBody, adminKey,
        keepAlive == null ? DEFAULT_SSE_KEEPALIVE : keepAlive,
        header == null ? ServerSettings.DEFAULT_HEADER_TIMEOUT : header,
        body == null ? ServerSettings.DEFAULT_BODY_IDLE_TIMEOUT : body,
        send == null ? ServerSettings.DEFAULT_SEND_TIMEOUT : send,
        idle == null ? ServerSettings.DEFAULT_KEEP_ALIVE_TIMEOUT : idle,
        grace == null ? ServerSettings.DEFAULT_SHUTDOWN_GRACE : grace);
  }

  /**
   * The file's key, else SLUICE_ADMIN_KEY, else null. A key that is wrong in the file (reported) comes back as
   * "" so the host rule does not pile a second complaint on top; the config is rejected anyway.
   */
  private static String adminKey(ConfigNode node, Map<String, String> env, Problems problems) {
    int before = problems.count();
    String key = node.text(); // null when absent or blank, so "${SLUICE_ADMIN_KEY:-}" falls through to env
    String where = node.path();
    if (problems.count() > before) {
      return "";
    }
    if (key == null) {
      key = env.get(ADMIN_KEY_ENV);
      where = ADMIN_KEY_ENV;
      if (key == null || key.isBlank()) {
        return null;
      }
    }
    if (key.length() < MIN_ADMIN_KEY) {
      problems.add(where, "the admin key is " + key.length() + " characters long; at least " + MIN_ADMIN_KEY
          + " are required", "generate one with: openssl rand -hex 32");
    }
    return key;
  }

  private static void checkHost(ConfigNode node, String host, boolean hasAdminKey) {
    Boolean loopback = isLoopback(host);
    if (loopback == null) {
      node.problem("\"" + host + "\" is not an IP address or host name", "use an address such as 127.0.0.1 or 0.0.0.0");
    } else if (!loopback && !hasAdminKey) {
      node.problem("binding " + host + " exposes the gateway",
          "set server.admin_key or " + ADMIN_KEY_ENV + ", or bind 127.0.0.1");
    }
  }

  /**
   * True for 127.0.0.0/8, ::1 and localhost; false for other addresses and names; null when malformed. Only
   * literals are parsed (InetAddress does no DNS lookup for them): config checking must not hit the network.
   */
  static Boolean isLoopback(String host) {
    String h = unbracket(host);
    if (h.equalsIgnoreCase("localhost") || h.equalsIgnoreCase("localhost.")) {
      return true;
    }
    boolean ipv4 = IPV4.matcher(h).matches();
    if (ipv4 || h.contains(":")) {
      if (ipv4 && !validOctets(h)) {
        return null;
      }
      try {
        return InetAddress.getByName(h).isLoopbackAddress();
      } catch (UnknownHostException | SecurityException e) {
        return null;
      }
    }
    return HOSTNAME.matcher(h).matches() ? false : null;
  }

  private static String unbracket(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static boolean validOctets(String h) {
    for (String part : h.split("\\.")) {
      if (Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }
}
