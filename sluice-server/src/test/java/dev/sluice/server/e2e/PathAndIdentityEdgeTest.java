package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.usage.AttemptRecord;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RELIABILITY A1#8 (path variants) and A1#9 (spoofed Host / forwarding headers), against a gateway with an
 * admin key. The router matches exact paths and does not normalise; so every variant is either a 404 or,
 * when it is routed, it is authorized exactly as the route it reaches: an API route never without a key, an
 * admin route never without the admin key.
 */
class PathAndIdentityEdgeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CHAT = "{\"model\":\"primary/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static TwoProviders gw;

  @BeforeAll
  static void start() {
    gw = new TwoProviders(List.of(), TwoProviders.fastRouting(0));
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  /** One request on a raw socket, the path sent byte for byte (no client normalises it first). */
  private static RawHttp.Reply send(String method, String path, String bearer) {
    String body = method.equals("POST") ? CHAT : "";
    String request = method + " " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        + (bearer == null ? "" : "Authorization: Bearer " + bearer + "\r\n")
        + (body.isEmpty() ? "" : "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n")
        + "\r\n" + body;
    return RawHttp.exchange(gw.gateway.port(), request, 5000);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "//v1/chat/completions", "/v1//chat/completions", "/v1/chat/completions/", "/v1/chat%2Fcompletions",
      "/V1/chat/completions", "/v1/../v1/chat/completions", "/v1/chat/completions;x", "/v1/./chat/completions",
      "/v1/chat/completions%00", "/%761/chat/completions",
  })
  void apiPathVariantsAreNotRoutedWithOrWithoutAKey(String path) throws Exception {
    int upstreamBefore = gw.primary.requests().size();
    for (String bearer : new String[] {null, gw.key, TwoProviders.ADMIN_KEY}) {
      RawHttp.Reply reply = send("POST", path, bearer);
      assertThat(reply.status()).as(path + " with " + bearer + ": " + reply.text()).isEqualTo(404);
      assertThat(JSON.readTree(reply.body()).at("/error/code").asText()).isEqualTo("unknown_url");
    }
    assertThat(gw.primary.requests()).as("nothing reached the provider").hasSize(upstreamBefore);
  }

  @Test
  void aQueryStringIsRoutedAndAuthorizedLikeThePlainPath() {
    assertThat(send("POST", "/v1/chat/completions?x=1", null).status()).isEqualTo(401);
    assertThat(send("POST", "/v1/chat/completions?x=1", "sk-sluice-wrong").status()).isEqualTo(401);
    assertThat(send("POST", "/v1/chat/completions?x=1", TwoProviders.ADMIN_KEY).status())
        .as("the admin key is not an API key").isEqualTo(401);
    assertThat(send("POST", "/v1/chat/completions?x=1", gw.key).status()).isEqualTo(200);
    assertThat(send("GET", "/v1/models?x=1", null).status()).isEqualTo(401);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "/admin/../v1/models", "/admin/..%2Fv1/models", "/admin/limits/../../v1/models",
  })
  void dotDotThroughAdminNeverReachesAnApiRouteOrLeaksData(String path) {
    for (String bearer : new String[] {null, gw.key}) {
      RawHttp.Reply reply = send("GET", path, bearer);
      // Either an unknown URL or the admin route's own refusal (its method check comes before its key check,
      // as on the canonical path): never an answer with data without the admin key.
      assertThat(reply.status()).as(path + ": " + reply.text()).isIn(401, 404, 405);
      assertThat(reply.body()).doesNotContain("gpt-4o-mini");
    }
  }

  @Test
  void anAdminIdContainingDotDotIsAuthorizedAsTheAdminRouteItReaches() {
    // "/admin/limits/{id}" with id "../../v1/models": routed to the admin limit route, so it needs the admin key,
    // and with it the odd id is just an unknown limit.
    String path = "/admin/limits/../../v1/models";
    assertThat(send("DELETE", path, null).status()).isEqualTo(401);
    assertThat(send("DELETE", path, gw.key).status()).isEqualTo(401);
    assertThat(send("DELETE", path, TwoProviders.ADMIN_KEY).status()).isIn(400, 404);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "/admin/limits", "//admin/limits", "/admin//limits", "/ADMIN/limits", "/admin/limits/", "/admin/limits;x",
      "/v1/../admin/limits", "/admin/%6cimits", "/admin/limits?x=1", "/admin/budgets", "/admin/spend",
  })
  void adminPathVariantsNeverAnswerWithoutTheAdminKey(String path) {
    for (String bearer : new String[] {null, gw.key, "sk-sluice-wrong"}) {
      RawHttp.Reply reply = send("GET", path, bearer);
      assertThat(reply.status()).as(path + " with " + bearer + ": " + reply.text()).isIn(401, 403, 404);
    }
  }

  @Test
  void theCanonicalAdminRouteAnswersTheAdminKeyOnly() {
    assertThat(send("GET", "/admin/limits", TwoProviders.ADMIN_KEY).status()).isEqualTo(200);
    assertThat(send("GET", "/admin/limits", gw.key).status()).isEqualTo(401);
  }

  private static HttpResponse<String> spoofed(String key, int variant) {
    // java.net.http refuses to set Host itself; the raw-socket test below covers Host.
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.chatUrl()))
        .header("content-type", "application/json")
        .header("x-forwarded-for", "10.0.0." + variant + ", 127.0.0.1")
        .header("x-real-ip", "192.168.1." + variant)
        .header("forwarded", "for=203.0.113." + variant + ";host=admin.internal;proto=https")
        .header("x-forwarded-host", "tenant-" + variant + ".example")
        .POST(HttpRequest.BodyPublishers.ofString(CHAT));
    if (key != null) {
      b.header("authorization", "Bearer " + key);
    }
    return Http.send(b.build());
  }

  @Test
  void forwardingHeadersChangeNeitherTheCallerNorItsRateLimitBucket() throws Exception {
    // Its own key, so the limit set here does not touch the other tests' key.
    var created = gw.gateway.keys().create("spoof-test", null);
    String key = created.plaintext();
    String keyId = created.key().id();
    HttpResponse<String> set = Http.send(HttpRequest.newBuilder(URI.create(gw.gateway.baseUrl() + "/admin/limits"))
        .header("authorization", "Bearer " + TwoProviders.ADMIN_KEY).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"scope\":\"key:" + keyId + "\",\"kind\":\"rpm\",\"limit\":2}")).build());
    assertThat(set.statusCode()).as(set.body()).isEqualTo(201);
    int recordsBefore = gw.records.size();
    // Without a key, no forwarding header makes a caller out of the client's claimed address.
    assertThat(spoofed(null, 9).statusCode()).isEqualTo(401);
    // Two allowed, each from a "different client"; the third, from yet another, is the same key's third: 429.
    assertThat(spoofed(key, 1).statusCode()).isEqualTo(200);
    RawHttp.Reply viaOtherHost = RawHttp.exchange(gw.gateway.port(), "POST /v1/chat/completions HTTP/1.1\r\n"
        + "Host: admin.internal:9999\r\nX-Forwarded-For: 127.0.0.1\r\nX-Real-IP: 127.0.0.1\r\nConnection: close\r\n"
        + "Authorization: Bearer " + key + "\r\nContent-Type: application/json\r\nContent-Length: " + CHAT.length()
        + "\r\n\r\n" + CHAT, 5000);
    assertThat(viaOtherHost.status()).as(viaOtherHost.text()).isEqualTo(200);
    HttpResponse<String> third = spoofed(key, 3);
    assertThat(third.statusCode()).as(third.body()).isEqualTo(429);
    assertThat(JSON.readTree(third.body()).at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
    // Every served call was billed to the key, whatever the headers claimed.
    List<AttemptRecord> served = gw.records.stream().skip(recordsBefore).toList();
    assertThat(served).hasSize(2).allSatisfy(r -> assertThat(r.keyId()).isEqualTo(keyId));
  }

  @Test
  void aSpoofedHostDoesNotOpenTheAdminApi() {
    RawHttp.Reply reply = RawHttp.exchange(gw.gateway.port(), "GET /admin/limits HTTP/1.1\r\nHost: localhost\r\n"
        + "X-Forwarded-For: 127.0.0.1\r\nX-Real-IP: 127.0.0.1\r\nForwarded: for=127.0.0.1\r\nConnection: close\r\n\r\n", 5000);
    assertThat(reply.status()).as(reply.text()).isEqualTo(401);
  }
}
