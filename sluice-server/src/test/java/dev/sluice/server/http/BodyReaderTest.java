package dev.sluice.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BodyReaderTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  /**
   * The body-idle timer ends with the body: left to run out, it held each request's body for the whole idle window
   * (30 s), about 85,000 bodies at once in the benchmark at c=32.
   */
  @Test
  void aReadBodyIsNotHeldByItsIdleTimerOnceTheRequestIsDone() throws Exception {
    AtomicReference<WeakReference<Buffer>> read = new AtomicReference<>();
    HttpServer server = vertx.createHttpServer().requestHandler(req -> {
      req.pause();
      BodyReader.read(req, 1 << 20, Duration.ofMinutes(10)).onComplete(body -> {
        read.set(new WeakReference<>(body.result()));
        req.response().putHeader("connection", "close").end("read " + body.result().length());
      });
    }).listen(0, "127.0.0.1").await();
    HttpClient client = vertx.createHttpClient();
    String answer = client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
            .setPort(server.actualPort()).setURI("/"))
        .compose(r -> r.send(Buffer.buffer("x".repeat(100_000))))
        .compose(r -> r.body()).await().toString();
    assertThat(answer).isEqualTo("read 100000");
    client.close().await();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (read.get().get() != null && System.nanoTime() < deadline) {
      System.gc();
      Thread.onSpinWait();
    }
    assertThat(read.get().get()).as("the body, still reachable after its request ended").isNull();
  }
}
