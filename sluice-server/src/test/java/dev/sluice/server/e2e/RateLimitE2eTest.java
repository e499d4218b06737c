package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rate limits set through the admin API refuse with 429, Retry-After and OpenAI's x-ratelimit headers. */
class RateLimitE2eTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static HttpResponse<String> admin(TwoProviders gw, String method, String path, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.gateway.baseUrl() + path))
        .header("authorization", "Bearer " + TwoProviders.ADMIN_KEY).header("content-type", "application/json");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return Http.send(b.build());
  }

  @Test
  void aKeysRequestsPerMinuteLimitRefusesTheThirdRequest() throws Exception {
    try (TwoProviders gw = new TwoProviders(List.of(), TwoProviders.fastRouting(0))) {
      String keyId = gw.gateway.keys().list().stream().filter(k -> k.name().equals("test")).findFirst().orElseThrow().id();
      HttpResponse<String> set = admin(gw, "POST", "/admin/limits",
          "{\"scope\":\"key:" + keyId + "\",\"kind\":\"rpm\",\"limit\":2}");
      assertThat(set.statusCode()).as(set.body()).isEqualTo(201);
      String body = "{\"model\":\"primary/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
      HttpResponse<String> first = Http.post(gw.chatUrl(), gw.key, body);
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.headers().firstValue("x-ratelimit-limit-requests")).hasValue("2");
      assertThat(first.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("1");
      assertThat(Http.post(gw.chatUrl(), gw.key, body).statusCode()).isEqualTo(200);
      int served = gw.primary.requests().size();
      HttpResponse<String> third = Http.post(gw.chatUrl(), gw.key, body);
      assertThat(third.statusCode()).isEqualTo(429);
      assertThat(third.headers().firstValue("retry-after")).isPresent();
      assertThat(third.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
      assertThat(JSON.readTree(third.body()).at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
      assertThat(gw.primary.requests()).hasSize(served); // refused before any upstream call
      // Other keys are not affected.
      String other = gw.gateway.keys().create("other", null).plaintext();
      assertThat(Http.post(gw.chatUrl(), other, body).statusCode()).isEqualTo(200);
      // Bad input names the field.
      HttpResponse<String> bad = admin(gw, "POST", "/admin/limits", "{\"scope\":\"key:" + keyId + "\",\"kind\":\"rpm\",\"limit\":-1}");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(bad.body()).at("/error/param").asText()).isEqualTo("limit");
    }
  }
}
