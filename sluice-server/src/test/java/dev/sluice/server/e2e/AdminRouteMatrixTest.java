package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RELIABILITY A2#12/#14/#15: every admin route, as registered in {@code Gateway.start} (read from the source, so a
 * route added later is in the matrix), called by every role that is not the admin: no key, a virtual key (as Bearer
 * and as x-api-key), a revoked or expired virtual key, wrong admin keys (other, one char more, one char less, sent as
 * x-api-key). Each gets 401/403 (405 only for a method the route does not take), an error body without any
 * stored data, and nothing changes in the store. Sluice has no tenants yet (no orgs or teams as principals, only
 * the admin key and virtual keys), so the role axis is admin / virtual key / none.
 */
class AdminRouteMatrixTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN = "admin-key-matrix-0123456789abcdef-XYZ";
  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
  /** Strings of the seeded data: none may appear in a refused answer. */
  private static final List<String> DATA = List.of("markteam", "markorg", "MARKNOTE", "deployments", "sluice_attempts",
      "fake/gpt-4o-mini");
  private static final String QUERY = "?scope=team:markteam&period=monthly&org=markorg";
  private static GatewayHarness harness;
  private static String budgetId;
  private static String limitId;

  @BeforeAll
  static void start() throws Exception {
    harness = GatewayHarness.startWithAdmin(ADMIN);
    HttpResponse<String> budget = call("POST", "/admin/budgets", bearer(ADMIN),
        "{\"scope\":\"team:markteam\",\"period\":\"monthly\",\"limit_usd\":\"50\"}");
    assertThat(budget.statusCode()).as(budget.body()).isEqualTo(201);
    budgetId = JSON.readTree(budget.body()).get("id").asText();
    assertThat(call("POST", "/admin/credits", bearer(ADMIN),
        "{\"org\":\"markorg\",\"amount_usd\":\"100\",\"note\":\"MARKNOTE\"}").statusCode()).isEqualTo(201);
    HttpResponse<String> limit = call("POST", "/admin/limits", bearer(ADMIN),
        "{\"scope\":\"team:markteam\",\"kind\":\"rpm\",\"limit\":1000}");
    assertThat(limit.statusCode()).as(limit.body()).isEqualTo(201);
    limitId = JSON.readTree(limit.body()).get("id").asText();
    // One call so /metrics and /admin/routing have something to show.
    assertThat(Http.post(harness.baseUrl() + "/v1/chat/completions", harness.key,
        "{\"model\":\"fake/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").statusCode()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  /** The protected paths: every admin registration (a prefix gets a real id behind it) and /metrics. */
  private static List<String> protectedPaths() {
    List<SourceRoutes.AdminRoute> routes = SourceRoutes.adminRoutes();
    assertThat(routes).extracting(SourceRoutes.AdminRoute::path)
        .contains("/admin/budgets", "/admin/budgets/", "/admin/credits", "/admin/spend", "/admin/routing",
            "/admin/limits", "/admin/limits/");
    List<String> paths = new ArrayList<>();
    for (SourceRoutes.AdminRoute route : routes) {
      if (!route.prefix()) {
        paths.add(route.path() + QUERY);
      } else if (route.path().startsWith("/admin/budgets/")) {
        paths.add(route.path() + budgetId);
      } else if (route.path().startsWith("/admin/limits/")) {
        paths.add(route.path() + limitId);
      } else {
        paths.add(route.path() + "some_id"); // a new prefix route: still must refuse
      }
    }
    paths.add("/metrics"); // admin-protected whenever an admin key is set
    return paths;
  }

  /** Every credential that is not the admin key, by name: the request headers it sends. */
  private static Map<String, Map<String, String>> nonAdminCallers() {
    var keys = harness.gateway.keys();
    var revoked = keys.create("revoked", null);
    keys.revoke(revoked.key().id());
    var expired = keys.create("expired", Instant.now().minusSeconds(1));
    Map<String, Map<String, String>> callers = new LinkedHashMap<>();
    callers.put("no key", Map.of());
    callers.put("virtual key", bearer(harness.key));
    callers.put("virtual key as x-api-key", Map.of("x-api-key", harness.key));
    callers.put("revoked virtual key", bearer(revoked.plaintext()));
    callers.put("expired virtual key", bearer(expired.plaintext()));
    callers.put("wrong admin key", bearer("admin-key-matrix-0123456789abcdef-XYW"));
    callers.put("admin key plus one char", bearer(ADMIN + "Z"));
    callers.put("admin key minus one char", bearer(ADMIN.substring(0, ADMIN.length() - 1)));
    callers.put("admin key as x-api-key", Map.of("x-api-key", ADMIN));
    callers.put("admin key with Basic scheme", Map.of("authorization", "Basic " + ADMIN));
    return callers;
  }

  @Test
  void everyAdminRouteRefusesEveryNonAdminCallerWithoutData() throws Exception {
    String budgetsBefore = call("GET", "/admin/budgets", bearer(ADMIN), null).body();
    String limitsBefore = call("GET", "/admin/limits", bearer(ADMIN), null).body();
    String creditsBefore = call("GET", "/admin/credits?org=markorg", bearer(ADMIN), null).body();
    List<String> paths = protectedPaths();
    Map<String, Map<String, String>> callers = nonAdminCallers();
    int checked = 0;
    for (String path : paths) {
      for (String method : METHODS) {
        boolean allowed = allowed(method, path);
        for (Map.Entry<String, Map<String, String>> caller : callers.entrySet()) {
          HttpResponse<String> response = call(method, path, caller.getValue(), attackBody());
          String what = caller.getKey() + " " + method + " " + path + " -> " + response.statusCode() + " " + response.body();
          assertThat(response.statusCode()).as(what).isIn(allowed ? Set.of(401, 403) : Set.of(401, 403, 405));
          JsonNode error = JSON.readTree(response.body()).get("error");
          assertThat(error).as(what).isNotNull();
          if (allowed) {
            assertThat(error.get("type").asText()).as(what).isEqualTo("invalid_request_error");
            assertThat(error.get("code").asText()).as(what).isIn("invalid_api_key", "permission_error", "null");
          }
          for (String data : DATA) {
            assertThat(response.body()).as(what).doesNotContain(data);
          }
          checked++;
        }
      }
    }
    assertThat(checked).isEqualTo(paths.size() * METHODS.size() * callers.size());
    // Nothing was created, changed or deleted by the refused calls.
    assertThat(call("GET", "/admin/budgets", bearer(ADMIN), null).body()).isEqualTo(budgetsBefore).contains(budgetId);
    assertThat(call("GET", "/admin/limits", bearer(ADMIN), null).body()).isEqualTo(limitsBefore).contains(limitId);
    assertThat(call("GET", "/admin/credits?org=markorg", bearer(ADMIN), null).body()).isEqualTo(creditsBefore);
  }

  @Test
  void theAdminKeyItselfIsServedOnEveryGetRoute() {
    // The positive control: the matrix above is not passing because the routes are broken.
    for (String path : List.of("/admin/budgets", "/admin/credits?org=markorg", "/admin/spend?scope=team:markteam&period=monthly",
        "/admin/routing", "/admin/limits", "/metrics")) {
      assertThat(call("GET", path, bearer(ADMIN), null).statusCode()).as(path).isEqualTo(200);
    }
  }

  @Test
  void withoutAConfiguredAdminKeyEveryAdminRouteIs403ForEveryone() throws Exception {
    try (GatewayHarness noAdmin = GatewayHarness.start()) {
      for (SourceRoutes.AdminRoute route : SourceRoutes.adminRoutes()) {
        String path = route.path() + (route.prefix() ? "some_id" : QUERY);
        for (Map<String, String> headers : List.of(Map.<String, String>of(), bearer(noAdmin.key), bearer(""), bearer("null"))) {
          HttpResponse<String> response = callOn(noAdmin, route.prefix() ? "DELETE" : "GET", path, headers, null);
          String what = path + " " + headers.keySet() + " -> " + response.statusCode() + " " + response.body();
          assertThat(response.statusCode()).as(what).isIn(403, 405);
          if (response.statusCode() == 403) {
            assertThat(JSON.readTree(response.body()).at("/error/message").asText()).as(what)
                .contains("admin API is disabled");
          }
        }
      }
    }
  }

  /** Whether the route takes this method, asked with the admin key on a harmless target (no data changes). */
  private static boolean allowed(String method, String path) {
    String probe = path.startsWith("/admin/budgets/") || path.startsWith("/admin/limits/")
        ? path.substring(0, path.lastIndexOf('/') + 1) + "missing_id" : path;
    return call(method, probe, bearer(ADMIN), "{}").statusCode() != 405;
  }

  /** A body that, were it accepted, would create data. */
  private static String attackBody() {
    return "{\"scope\":\"team:attacker\",\"period\":\"monthly\",\"limit_usd\":\"1\"}";
  }

  private static Map<String, String> bearer(String key) {
    return Map.of("authorization", "Bearer " + key);
  }

  private static HttpResponse<String> call(String method, String path, Map<String, String> headers, String body) {
    return callOn(harness, method, path, headers, body);
  }

  private static HttpResponse<String> callOn(GatewayHarness on, String method, String path, Map<String, String> headers,
      String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(on.baseUrl() + path)).timeout(Duration.ofSeconds(10))
        .header("content-type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    return Http.send(b.build());
  }
}
