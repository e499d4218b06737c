package dev.sluice.server.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.key.KeyHasher;
import dev.sluice.server.auth.Caller;
import dev.sluice.server.auth.KeyAuthenticator;
import dev.sluice.server.auth.KeyService;
import dev.sluice.server.store.Database;
import dev.sluice.server.store.KeyRepository;
import dev.sluice.server.store.VirtualKey;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A key's user, team, org and cost cap: stored (V5), read back, and carried by the {@link Caller} budgets key on. */
class KeyAttributesTest {
  @TempDir Path dir;

  @Test
  void storedAttributesReachTheCaller() throws Exception {
    Database db = Database.open("sqlite:" + dir.resolve("sluice.db"));
    KeyService keys = new KeyService(new KeyRepository(db),
        new KeyHasher("test-secret-32-bytes-long-enough!".getBytes(StandardCharsets.UTF_8)), InstantSource.system());
    KeyService.IssuedKey full = keys.issue("ci",
        new KeyService.KeyOptions(null, null, "ann", "ml", "acme", 500_000_000L));
    KeyService.IssuedKey bare = keys.create("plain", null);

    VirtualKey stored = keys.lookup(full.plaintext()).orElseThrow();
    assertThat(stored.user()).isEqualTo("ann");
    assertThat(stored.team()).isEqualTo("ml");
    assertThat(stored.org()).isEqualTo("acme");
    assertThat(stored.maxCostNanos()).isEqualTo(500_000_000L);
    VirtualKey plain = keys.lookup(bare.plaintext()).orElseThrow();
    assertThat(plain.user()).isNull();
    assertThat(plain.maxCostNanos()).isNull();

    Vertx vertx = Vertx.vertx();
    try {
      KeyAuthenticator authenticator = new KeyAuthenticator(vertx, keys, InstantSource.system());
      AtomicReference<Caller> seen = new AtomicReference<>();
      HttpServer server = vertx.createHttpServer().requestHandler(req -> authenticator.authenticate(req)
          .onComplete(c -> {
            seen.set(c.result());
            req.response().setStatusCode(c.succeeded() ? 200 : 401).end();
          })).listen(0, "127.0.0.1").await();
      HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + server.actualPort() + "/")).header("authorization",
          "Bearer " + full.plaintext()).build(), HttpResponse.BodyHandlers.discarding());

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(seen.get()).isEqualTo(new Caller(full.key().id(), "ci", full.key().routing(), "ann", "ml", "acme",
          500_000_000L));
    } finally {
      vertx.close().await();
    }
  }
}
