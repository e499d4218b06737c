package dev.sluice.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Cache;
import dev.sluice.core.key.KeyHasher;
import dev.sluice.core.key.VirtualKeys;
import dev.sluice.server.store.Database;
import dev.sluice.server.store.KeyRepository;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RELIABILITY A2#11 (CWE-208): no secret is compared in a way whose time depends on how much of it a caller
 * guessed. The secret comparisons of the gateway are: (1) virtual keys, never compared at all, but hashed with
 * HMAC-SHA-256 under a server secret and looked up by that digest (a parameterized SQL query on the stored
 * digest, and a cache keyed by the digest), so what is compared is a digest the caller cannot steer byte by byte;
 * (2) the admin key (also guarding /metrics), compared with {@code MessageDigest.isEqual}, whose time depends on
 * the presented length only. There is no webhook secret (budget alerts are sent, not received). A timing
 * measurement on a shared CI machine would be noise, so (1) is pinned by behaviour (what the cache holds after
 * real requests) and (2) by a scan of the auth sources for content-dependent comparisons.
 */
class SecretComparisonTest {
  private static final Path MAIN = Path.of("src/main/java/dev/sluice/server");
  /** Where secrets are handled: presented keys, digests, the admin key. */
  private static final List<Path> AUTH_SOURCES = List.of(MAIN.resolve("http/AdminAuth.java"),
      MAIN.resolve("auth/KeyAuthenticator.java"), MAIN.resolve("auth/KeyService.java"),
      MAIN.resolve("auth/HashSecret.java"), MAIN.resolve("metrics/MetricsEndpoint.java"),
      MAIN.resolve("store/KeyRepository.java"));
  private static final Pattern CONTENT_COMPARE =
      Pattern.compile("\\.equals\\(|equalsIgnoreCase\\(|compareTo\\(|contentEquals\\(|Arrays\\.equals\\(|\\.startsWith\\(");

  @TempDir Path dir;

  @Test
  void theKeyCacheHoldsOnlyDigestsNeverPresentedKeys() throws Exception {
    Database db = Database.open("sqlite:" + dir.resolve("sluice.db"));
    KeyService keys = new KeyService(new KeyRepository(db),
        new KeyHasher("test-secret-32-bytes-long-enough!".getBytes(StandardCharsets.UTF_8)), InstantSource.system());
    String valid = keys.create("ci", null).plaintext();
    String unknown = VirtualKeys.generate(new SecureRandom()); // well formed, so it reaches the lookup
    Vertx vertx = Vertx.vertx();
    try {
      KeyAuthenticator authenticator = new KeyAuthenticator(vertx, keys, InstantSource.system());
      HttpServer server = vertx.createHttpServer().requestHandler(req -> authenticator.authenticate(req)
          .onComplete(c -> req.response().setStatusCode(c.succeeded() ? 200 : 401).end())).listen(0, "127.0.0.1").await();
      HttpClient client = HttpClient.newHttpClient();
      for (String key : List.of(valid, unknown, valid)) {
        int status = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/"))
            .timeout(Duration.ofSeconds(5)).header("authorization", "Bearer " + key).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode();
        assertThat(status).isEqualTo(key.equals(valid) ? 200 : 401);
      }
      Field field = KeyAuthenticator.class.getDeclaredField("cache");
      field.setAccessible(true);
      Cache<?, ?> cache = (Cache<?, ?>) field.get(authenticator);
      assertThat(cache.asMap().keySet()).map(Object::toString)
          .containsExactlyInAnyOrder(keys.digest(valid), keys.digest(unknown))
          .allMatch(k -> k.matches("[0-9a-f]{64}"));
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void noAuthSourceComparesContentWithAnEarlyExitAndTheAdminKeyIsComparedInConstantTime() throws Exception {
    for (Path source : AUTH_SOURCES) {
      List<String> lines = Files.readAllLines(source);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (line.startsWith("*") || line.startsWith("//") || line.startsWith("/*")) {
          continue;
        }
        assertThat(CONTENT_COMPARE.matcher(line).find())
            .as("%s:%d compares content with an early exit: %s (use MessageDigest.isEqual, or compare digests)",
                source.getFileName(), i + 1, line)
            .isFalse();
      }
    }
    assertThat(Files.readString(MAIN.resolve("http/AdminAuth.java"))).contains("MessageDigest.isEqual(presented, adminKey)");
    String repository = Files.readString(MAIN.resolve("store/KeyRepository.java"));
    assertThat(repository).contains("WHERE key_hash = ?").doesNotContainPattern("key_hash\\s*=\\s*'").doesNotContain("+ keyHash");
  }
}
