package dev.sluice.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.server.admission.RateLimits.Permit;
import dev.sluice.server.admission.RequestScopes;
import dev.sluice.server.http.AdminAuth;
import dev.sluice.server.http.Exchange;
import dev.sluice.server.limit.InMemoryLimitStore;
import dev.sluice.server.limit.LimitRuleRepository;
import dev.sluice.server.limit.RateLimitService;
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
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The admin routes over real HTTP, with a real store, routed the way the gateway routes them. */
class LimitAdminApiTest {
  private static final String ADMIN_KEY = "admin-secret";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RequestScopes ML = new RequestScopes("key_a", null, "ml", null, "openai/gpt-4o", Map.of());

  @TempDir Path dir;
  private Vertx vertx;
  private HttpServer server;
  private RateLimitService limits;
  private final HttpClient http = HttpClient.newHttpClient();

  record Reply(int status, JsonNode body, HttpResponse<String> raw) {}

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    LimitRuleRepository repository = new LimitRuleRepository(Database.open("sqlite:" + dir.resolve("sluice.db")));
    limits = new RateLimitService(repository::list, new InMemoryLimitStore(), InstantSource.system());
    LimitAdminApi api = new LimitAdminApi(vertx, new AdminAuth(ADMIN_KEY), repository, limits,
        model -> model.equals("smart") || model.startsWith("openai/"), InstantSource.system());
    Constructor<Exchange> exchange =
        Exchange.class.getDeclaredConstructor(HttpServerRequest.class, String.class, long.class);
    exchange.setAccessible(true); // package-private in the server; the gateway builds it the same way
    server = vertx.createHttpServer().requestHandler(request -> {
      Exchange ex;
      try {
        ex = exchange.newInstance(request, "req_test", System.nanoTime());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
      if (request.path().equals(LimitAdminApi.PATH)) {
        api.handleLimits(ex);
      } else if (request.path().startsWith(LimitAdminApi.PATH + "/")) {
        api.handleLimit(ex);
      } else {
        request.response().setStatusCode(404).end();
      }
    }).listen(0, "127.0.0.1").await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private Reply send(String method, String path, String body, String key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("authorization", "Bearer " + key);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()), r);
  }

  private Reply send(String method, String path, String body) throws Exception {
    return send(method, path, body, ADMIN_KEY);
  }

  @Test
  void setListReplaceAndDeleteALimit() throws Exception {
    Reply created = send("POST", "/admin/limits", "{\"scope\":\"team:ml\",\"kind\":\"rpm\",\"limit\":1}");
    assertThat(created.status()).isEqualTo(201);
    String id = created.body().get("id").asText();
    assertThat(id).matches("lim_[0-9a-f]{16}");
    assertThat(created.body().get("object").asText()).isEqualTo("rate_limit");
    assertThat(created.body().get("scope").asText()).isEqualTo("team:ml");
    assertThat(created.body().get("kind").asText()).isEqualTo("rpm");
    assertThat(created.body().get("limit").asLong()).isEqualTo(1);
    assertThat(created.body().get("created_at").isIntegralNumber()).isTrue();

    // Applies to the very next request: the answer went out after the reload.
    assertThat(limits.acquire(ML, 0).allowed()).isTrue();
    Permit refused = limits.acquire(ML, 0);
    assertThat(refused.refusal()).isEqualTo("team:ml rpm 1");

    Reply listed = send("GET", "/admin/limits", null);
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.body().get("object").asText()).isEqualTo("list");
    assertThat(listed.body().get("data")).hasSize(1);
    assertThat(listed.body().get("data").get(0).get("id").asText()).isEqualTo(id);

    Reply replaced = send("POST", "/admin/limits", "{\"scope\":\"team:ml\",\"kind\":\"rpm\",\"limit\":600}");
    assertThat(replaced.status()).isEqualTo(200);
    assertThat(replaced.body().get("id").asText()).isEqualTo(id);
    assertThat(limits.rules()).singleElement().satisfies(rule -> assertThat(rule.limit()).isEqualTo(600));

    Reply deleted = send("DELETE", "/admin/limits/" + id, null);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.body().get("deleted").asBoolean()).isTrue();
    assertThat(deleted.body().get("object").asText()).isEqualTo("rate_limit.deleted");
    assertThat(limits.acquire(ML, 0)).isSameAs(Permit.UNLIMITED);

    Reply gone = send("DELETE", "/admin/limits/" + id, null);
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.body().at("/error/type").asText()).isEqualTo("invalid_request_error");
    assertThat(gone.body().at("/error/message").asText()).contains(id);
  }

  @ParameterizedTest(name = "{0} → param {1}")
  @CsvSource(delimiter = '|', textBlock = """
      {"scope":"team:ml","kind":"rpm","limit":0}              | limit | positive integer
      {"scope":"team:ml","kind":"rpm","limit":-10}            | limit | positive integer
      {"scope":"team:ml","kind":"rpm","limit":"60"}           | limit | positive integer
      {"scope":"team:ml","kind":"rpm","limit":1.5}            | limit | positive integer
      {"scope":"team:ml","kind":"rpm"}                        | limit | required
      {"scope":"team:ml","kind":"rph","limit":60}             | kind  | "rph" is unknown
      {"scope":"team:ml","kind":7,"limit":60}                 | kind  | must be a string
      {"scope":"teamml","kind":"rpm","limit":60}              | scope | type:id
      {"scope":"planet:mars","kind":"rpm","limit":60}         | scope | scope type "planet" is unknown
      {"scope":"model:gpt-5","kind":"rpm","limit":60}         | scope | neither a model alias nor provider/model
      {"scope":"team:ml","kind":"rpm","limit":60,"limitt":1}  | limitt | Unknown member
      """)
  void badInputIsA400NamingTheField(String body, String param, String message) throws Exception {
    Reply r = send("POST", "/admin/limits", body);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().at("/error/param").asText()).isEqualTo(param);
    assertThat(r.body().at("/error/type").asText()).isEqualTo("invalid_request_error");
    assertThat(r.body().at("/error/message").asText()).contains(message);
    assertThat(send("GET", "/admin/limits", null).body().get("data")).isEmpty();
  }

  @Test
  void aBodyThatIsNotAJsonObjectIsA400() throws Exception {
    assertThat(send("POST", "/admin/limits", "{not json").status()).isEqualTo(400);
    Reply array = send("POST", "/admin/limits", "[1,2]");
    assertThat(array.status()).isEqualTo(400);
    assertThat(array.body().at("/error/message").asText()).contains("JSON object");
  }

  @Test
  void knownModelsAreAccepted() throws Exception {
    assertThat(send("POST", "/admin/limits", "{\"scope\":\"model:smart\",\"kind\":\"tpm\",\"limit\":5000}").status())
        .isEqualTo(201);
    assertThat(send("POST", "/admin/limits", "{\"scope\":\"model:openai/gpt-4o\",\"kind\":\"concurrency\","
        + "\"limit\":3}").status()).isEqualTo(201);
    assertThat(limits.rules()).hasSize(2);
  }

  @Test
  void everyRouteNeedsTheAdminKeyAndItsMethod() throws Exception {
    assertThat(send("GET", "/admin/limits", null, null).status()).isEqualTo(401);
    assertThat(send("POST", "/admin/limits", "{}", "wrong").status()).isEqualTo(401);
    assertThat(send("DELETE", "/admin/limits/lim_x", null, null).status()).isEqualTo(401);
    Reply put = send("PUT", "/admin/limits", "{}");
    assertThat(put.status()).isEqualTo(405);
    assertThat(put.raw().headers().firstValue("allow")).hasValue("GET, POST");
    assertThat(send("GET", "/admin/limits/lim_x", null).status()).isEqualTo(405);
  }
}
