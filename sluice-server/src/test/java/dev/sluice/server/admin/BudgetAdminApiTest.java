package dev.sluice.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.budget.BudgetPeriod;
import dev.sluice.core.price.Money;
import dev.sluice.server.admission.RequestScopes;
import dev.sluice.server.admission.ScopeType;
import dev.sluice.server.admission.SpendSource;
import dev.sluice.server.budget.BudgetRepository;
import dev.sluice.server.budget.BudgetService;
import dev.sluice.server.budget.CreditRepository;
import dev.sluice.server.http.AdminAuth;
import dev.sluice.server.http.Exchange;
import dev.sluice.server.store.Database;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.lang.reflect.Constructor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The budgets admin API over real HTTP on 127.0.0.1: a Vert.x server routes the paths the gateway will route
 * to {@link BudgetAdminApi} (the same exact-path and prefix rules), so these run before the gateway wires it.
 */
class BudgetAdminApiTest {
  private static final String ADMIN_KEY = "admin-secret-for-tests";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2025-06-14T12:00:00Z");
  private static final long CENT = Money.NANOS_PER_USD / 100;

  @TempDir Path dir;
  Vertx vertx;
  HttpServer server;
  BudgetService service;
  final HttpClient http = HttpClient.newHttpClient();
  final Map<String, Long> ledger = new java.util.concurrent.ConcurrentHashMap<>();

  @BeforeEach
  void setUp() throws Exception {
    Database db = Database.open("sqlite:" + dir.resolve("sluice.db"));
    SpendSource spend = (type, id, from, to) -> ledger.getOrDefault(type.wireName() + ":" + id, 0L);
    service = new BudgetService(new BudgetRepository(db), new CreditRepository(db), spend, InstantSource.fixed(NOW),
        null, new BudgetService.Options(Duration.ofMinutes(15), Duration.ofSeconds(2), Duration.ZERO, 1,
            Duration.ofMillis(10))).start();
    vertx = Vertx.vertx();
    server = start(new BudgetAdminApi(vertx, new AdminAuth(ADMIN_KEY), service,
        Set.of("fast", "openai/gpt-4o")::contains));
  }

  private HttpServer start(BudgetAdminApi api) throws Exception {
    Constructor<Exchange> exchange = Exchange.class.getDeclaredConstructor(HttpServerRequest.class, String.class,
        long.class);
    exchange.setAccessible(true); // package-private: GatewayServer makes them
    return vertx.createHttpServer().requestHandler(request -> {
      Exchange e;
      try {
        e = exchange.newInstance(request, "req_test", System.nanoTime());
      } catch (ReflectiveOperationException ex) {
        throw new IllegalStateException(ex);
      }
      String path = request.path();
      switch (path) {
        case "/admin/budgets" -> api.budgets(e);
        case "/admin/credits" -> api.credits(e);
        case "/admin/spend" -> api.spend(e);
        default -> {
          if (path.startsWith(BudgetAdminApi.BUDGET_PATH_PREFIX)) {
            api.budget(e);
          } else {
            request.response().setStatusCode(404).end();
          }
        }
      }
    }).listen(0, "127.0.0.1").await();
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
    service.close();
  }

  record Response(int status, JsonNode body) {}

  private Response call(String method, String path, String body, String key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("authorization", "Bearer " + key);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Response(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
  }

  private Response call(String method, String path, String body) throws Exception {
    return call(method, path, body, ADMIN_KEY);
  }

  @Test
  void everyRouteNeedsTheAdminKey() throws Exception {
    assertThat(call("GET", "/admin/budgets", null, null).status()).isEqualTo(401);
    assertThat(call("GET", "/admin/credits?org=acme", null, "sk-sluice-not-admin").status()).isEqualTo(401);
    assertThat(call("DELETE", "/admin/budgets/bud_x", null, null).status()).isEqualTo(401);
    assertThat(call("GET", "/admin/spend?scope=team:ml&period=daily", null, null).status()).isEqualTo(401);
    assertThat(call("POST", "/admin/credits", "{}", null).status()).isEqualTo(401);
    assertThat(call("PUT", "/admin/budgets", "{}").status()).isEqualTo(405);
    assertThat(call("GET", "/admin/budgets/bud_x", null).status()).isEqualTo(405);
  }

  @Test
  void setsListsAndDeletesBudgets() throws Exception {
    Response created = call("POST", "/admin/budgets",
        "{\"scope\":\"team:ml\",\"period\":\"monthly\",\"limit_usd\":\"50\",\"refuse_unpriced\":false}");
    assertThat(created.status()).isEqualTo(201);
    String id = created.body().get("id").asText();
    assertThat(id).startsWith("bud_");
    assertThat(created.body().get("scope").asText()).isEqualTo("team:ml");
    assertThat(created.body().get("period").asText()).isEqualTo("monthly");
    assertThat(created.body().get("limit_usd").asText()).isEqualTo("50.000000000");
    assertThat(created.body().get("refuse_unpriced").asBoolean()).isFalse();

    Response replaced = call("POST", "/admin/budgets",
        "{\"scope\":\"team:ml\",\"period\":\"monthly\",\"limit_usd\":1.25,\"refuse_unpriced\":true}");
    assertThat(replaced.status()).isEqualTo(200);
    assertThat(replaced.body().get("id").asText()).isEqualTo(id);
    assertThat(replaced.body().get("limit_usd").asText()).isEqualTo("1.250000000");

    RequestScopes ml = new RequestScopes("key_a", null, "ml", null, "fast", Map.of());
    service.reserve(ml, 30 * CENT, false).settle(20 * CENT);
    service.reserve(ml, 40 * CENT, false);
    JsonNode listed = call("GET", "/admin/budgets", null).body().get("data").get(0);
    assertThat(listed.get("id").asText()).isEqualTo(id);
    assertThat(listed.get("settled_usd").asText()).isEqualTo("0.200000000");
    assertThat(listed.get("reserved_usd").asText()).isEqualTo("0.400000000");
    assertThat(listed.get("window_start").asText()).isEqualTo("2025-06-01T00:00:00Z");
    assertThat(listed.get("window_end").asText()).isEqualTo("2025-07-01T00:00:00Z");
    assertThat(listed.get("refuse_unpriced").asBoolean()).isTrue();

    Response deleted = call("DELETE", "/admin/budgets/" + id, null);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.body().get("deleted").asBoolean()).isTrue();
    assertThat(call("GET", "/admin/budgets", null).body().get("data")).isEmpty();
    assertError(call("DELETE", "/admin/budgets/" + id, null), 404, "id");
  }

  @Test
  void anEachBudgetListsAWindowPerScopeId() throws Exception {
    call("POST", "/admin/budgets", "{\"scope\":\"key:*\",\"period\":\"daily\",\"limit_usd\":\"$2\"}");
    service.reserve(new RequestScopes("key_a", null, null, null, "fast", Map.of()), 10 * CENT, false);
    service.reserve(new RequestScopes("key_b", null, null, null, "fast", Map.of()), 20 * CENT, false)
        .settle(5 * CENT);

    JsonNode windows = call("GET", "/admin/budgets", null).body().get("data").get(0).get("windows");

    assertThat(windows).hasSize(2);
    assertThat(windows.get(0).get("scope").asText()).isEqualTo("key:key_a");
    assertThat(windows.get(0).get("reserved_usd").asText()).isEqualTo("0.100000000");
    assertThat(windows.get(1).get("scope").asText()).isEqualTo("key:key_b");
    assertThat(windows.get(1).get("settled_usd").asText()).isEqualTo("0.050000000");
    assertThat(windows.get(1).get("reserved_usd").asText()).isEqualTo("0.000000000");
  }

  @ParameterizedTest(name = "{0} → {1} {2}")
  @CsvSource(delimiter = '|', value = {
      "{\"scope\":\"team:ml\",\"period\":\"monthly\",\"limit_usd\":\"-5\"}                     | 400 | limit_usd",
      "{\"scope\":\"team:ml\",\"period\":\"monthly\",\"limit_usd\":-5}                         | 400 | limit_usd",
      "{\"scope\":\"team:ml\",\"period\":\"monthly\",\"limit_usd\":\"fifty\"}                  | 400 | limit_usd",
      "{\"scope\":\"team:ml\",\"period\":\"monthly\",\"limit_usd\":\"0.0000000001\"}           | 400 | limit_usd",
      "{\"scope\":\"team:ml\",\"period\":\"monthly\"}                                          | 400 | limit_usd",
      "{\"scope\":\"team:ml\",\"period\":\"hourly\",\"limit_usd\":\"5\"}                       | 400 | period",
      "{\"scope\":\"team:ml\",\"limit_usd\":\"5\"}                                             | 400 | period",
      "{\"scope\":\"ml\",\"period\":\"daily\",\"limit_usd\":\"5\"}                             | 400 | scope",
      "{\"scope\":\"squad:ml\",\"period\":\"daily\",\"limit_usd\":\"5\"}                       | 400 | scope",
      "{\"scope\":\"tag:cost_center\",\"period\":\"daily\",\"limit_usd\":\"5\"}                | 400 | scope",
      "{\"scope\":\"model:nope/nothing\",\"period\":\"daily\",\"limit_usd\":\"5\"}             | 400 | scope",
      "{\"scope\":7,\"period\":\"daily\",\"limit_usd\":\"5\"}                                  | 400 | scope",
      "{\"scope\":\"team:ml\",\"period\":\"daily\",\"limit_usd\":\"5\",\"refuse_unpriced\":1}  | 400 | refuse_unpriced",
      "{\"scope\":\"team:ml\",\"period\":\"daily\",\"limit\":\"5\"}                            | 400 | limit",
  })
  void badBudgetsAreA400NamingTheField(String body, int status, String param) throws Exception {
    assertError(call("POST", "/admin/budgets", body), status, param);
    assertThat(service.budgets()).isEmpty();
  }

  @Test
  void aBodyThatIsNotAJsonObjectIsA400() throws Exception {
    assertThat(call("POST", "/admin/budgets", "{not json").status()).isEqualTo(400);
    assertThat(call("POST", "/admin/budgets", "[1,2]").status()).isEqualTo(400);
    assertThat(call("POST", "/admin/credits", "").status()).isEqualTo(400);
  }

  @Test
  void aBudgetOnAKnownModelIsAccepted() throws Exception {
    assertThat(call("POST", "/admin/budgets",
        "{\"scope\":\"model:openai/gpt-4o\",\"period\":\"total\",\"limit_usd\":\"5\"}").status()).isEqualTo(201);
    JsonNode listed = call("GET", "/admin/budgets", null).body().get("data").get(0);
    assertThat(listed.get("window_end").isNull()).isTrue(); // total: never resets
  }

  @Test
  void addsCreditsAndShowsTheBalance() throws Exception {
    ledger.put("org:acme", 25 * CENT);
    Response grant = call("POST", "/admin/credits", "{\"org\":\"acme\",\"amount_usd\":\"100\",\"note\":\"PO-7\"}");
    assertThat(grant.status()).isEqualTo(201);
    assertThat(grant.body().get("id").asText()).startsWith("cr_");
    assertThat(grant.body().get("amount_usd").asText()).isEqualTo("100.000000000");
    assertThat(grant.body().get("note").asText()).isEqualTo("PO-7");
    service.reserve(new RequestScopes("key_a", null, null, "acme", "fast", Map.of()), 5 * CENT, false);

    JsonNode shown = call("GET", "/admin/credits?org=acme", null).body();

    assertThat(shown.get("granted_usd").asText()).isEqualTo("100.000000000");
    assertThat(shown.get("spent_usd").asText()).isEqualTo("0.250000000");
    assertThat(shown.get("reserved_usd").asText()).isEqualTo("0.050000000");
    assertThat(shown.get("balance_usd").asText()).isEqualTo("99.700000000");
    assertThat(shown.get("grants")).hasSize(1);

    JsonNode none = call("GET", "/admin/credits?org=globex", null).body();
    assertThat(none.get("granted_usd").asText()).isEqualTo("0.000000000");
    assertThat(none.get("grants")).isEmpty();
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(delimiter = '|', value = {
      "{\"org\":\"acme\",\"amount_usd\":\"-100\"} | amount_usd",
      "{\"org\":\"acme\",\"amount_usd\":\"0\"}    | amount_usd",
      "{\"org\":\"acme\"}                         | amount_usd",
      "{\"amount_usd\":\"10\"}                    | org",
      "{\"org\":\"a c\",\"amount_usd\":\"10\"}    | org",
      "{\"org\":\"acme\",\"amount_usd\":\"10\",\"note\":5} | note",
      "{\"org\":\"acme\",\"amount_usd\":\"10\",\"memo\":\"x\"} | memo",
  })
  void badCreditsAreA400NamingTheField(String body, String param) throws Exception {
    assertError(call("POST", "/admin/credits", body), 400, param);
  }

  @Test
  void creditsWithoutAnOrgIsA400() throws Exception {
    assertError(call("GET", "/admin/credits", null), 400, "org");
  }

  @Test
  void spendShowsSettledAndReservedOfOneScope() throws Exception {
    ledger.put("team:ml", 3 * CENT);
    service.reserve(new RequestScopes("key_a", null, "ml", null, "fast", Map.of()), 0, false); // nothing applies
    call("POST", "/admin/budgets", "{\"scope\":\"key:*\",\"period\":\"weekly\",\"limit_usd\":\"5\"}");
    service.reserve(new RequestScopes("key_a", null, "ml", null, "fast", Map.of()), 7 * CENT, false);

    JsonNode team = call("GET", "/admin/spend?scope=team:ml&period=weekly", null).body();
    assertThat(team.get("settled_usd").asText()).isEqualTo("0.030000000");
    assertThat(team.get("reserved_usd").asText()).isEqualTo("0.070000000");
    assertThat(team.get("window_start").asText()).isEqualTo("2025-06-09T00:00:00Z");
    assertThat(team.get("window_end").asText()).isEqualTo("2025-06-16T00:00:00Z");

    JsonNode key = call("GET", "/admin/spend?scope=key:key_a&period=weekly", null).body();
    assertThat(key.get("scope").asText()).isEqualTo("key:key_a");
    assertThat(key.get("reserved_usd").asText()).isEqualTo("0.070000000");
    assertThat(key.get("settled_usd").asText()).isEqualTo("0.000000000");
    assertThat(ScopeType.fromWireName(key.get("scope").asText().split(":")[0])).isEqualTo(ScopeType.KEY);
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(delimiter = '|', value = {
      "scope=key:*&period=daily           | scope",
      "scope=tag:project%3D*&period=daily | scope",
      "scope=squad:x&period=daily         | scope",
      "period=daily                       | scope",
      "scope=team:ml&period=yearly        | period",
      "scope=team:ml                      | period",
  })
  void badSpendQueriesAreA400NamingTheParameter(String query, String param) throws Exception {
    assertError(call("GET", "/admin/spend?" + query, null), 400, param);
  }

  @Test
  void withoutAnAdminKeyConfiguredTheRoutesAreDisabled() throws Exception {
    HttpServer disabled = start(new BudgetAdminApi(vertx, new AdminAuth(null), service, m -> true));
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + disabled.actualPort() + "/admin/budgets")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(BudgetPeriod.parse("monthly")).isEqualTo(BudgetPeriod.MONTHLY);
  }

  private static void assertError(Response r, int status, String param) {
    assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(status);
    JsonNode error = r.body().get("error");
    assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.get("param").asText()).isEqualTo(param);
    assertThat(error.get("message").asText()).isNotBlank();
  }
}
