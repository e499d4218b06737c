package dev.sluice.server.http;

import dev.sluice.core.canonical.UpstreamOverrides;
import dev.sluice.core.error.ErrorKind;
import dev.sluice.core.error.GatewayException;
import dev.sluice.server.auth.KeyAuthenticator;
import dev.sluice.server.config.ServerSettings;
import dev.sluice.server.proxy.ChatApi;
import dev.sluice.server.store.Database;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.netty.channel.Channel;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The gateway's HTTP front: every request gets an {@code x-request-id}, is routed by exact path (no
 * normalisation: {@code //v1/chat/completions} is a 404, so what is authorized is exactly what is routed),
 * and every API route runs the same admission chain (key, then bounded body) before its handler. Only the
 * health probes answer without a key.
 */
public final class GatewayServer {
  private final Vertx vertx;
  private final ServerSettings settings;
  private final KeyAuthenticator authenticator;
  private final ChatApi openAi;
  private final Buffer modelsBody;
  private final Database database;
  private final AdminRoutes admin;
  private final Consumer<Exchange> metrics;
  /** The name Vert.x gives the HTTP/1.1 request decoder in a connection's pipeline. */
  private static final String HTTP1_DECODER = "httpDecoder";
  private static final int EVENT_LOOPS = Math.max(1, Runtime.getRuntime().availableProcessors());
  private HttpServer server;
  private final List<HttpServer> extra = new java.util.concurrent.CopyOnWriteArrayList<>();

  public GatewayServer(Vertx vertx, ServerSettings settings, KeyAuthenticator authenticator, ChatApi openAi,
      byte[] modelsBody, Database database, AdminRoutes admin, Consumer<Exchange> metrics) {
    this.vertx = vertx;
    this.settings = settings;
    this.authenticator = authenticator;
    this.openAi = openAi;
    this.modelsBody = Buffer.buffer(modelsBody);
    this.database = database;
    this.admin = admin;
    this.metrics = metrics;
  }

  /**
   * Listens on one server per event loop (as many as the machine has cores): Vert.x hands each new connection
   * to the next of them, so the request path runs on every core instead of one. Port 0 (tests) becomes
   * Vert.x's -1: "a free port, shared by every server asking for -1".
   */
  public Future<HttpServer> listen() {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(settings.host())
        .setPort(settings.port() == 0 ? -1 : settings.port())
        .setTcpNoDelay(true)
        .setCompressionSupported(false) // never compress: it would buffer text/event-stream
        .setDecompressionSupported(false)
        .setMaxHeaderSize(16 * 1024)
        .setMaxInitialLineLength(8 * 1024)
        // No cleartext HTTP/2 upgrade: with it Vert.x sets up the HTTP/1 pipeline only after the first request
        // head is decoded, too late for the strict decoder (onConnection). Clients speak HTTP/1.1 to us.
        .setHttp2ClearTextEnabled(false);
    return listenOn(vertx.getOrCreateContext(), options).compose(first -> {
      server = first;
      List<Future<HttpServer>> more = new ArrayList<>();
      for (int i = 1; i < EVENT_LOOPS; i++) {
        more.add(listenOn(((io.vertx.core.internal.VertxInternal) vertx).createEventLoopContext(), options)
            .onSuccess(extra::add));
      }
      return Future.all(more).map(first);
    });
  }

  private Future<HttpServer> listenOn(Context context, HttpServerOptions options) {
    Promise<HttpServer> listening = Promise.promise();
    context.runOnContext(v -> vertx.createHttpServer(options)
        .connectionHandler(connection -> onConnection(connection, options))
        .invalidRequestHandler(this::invalid)
        .requestHandler(this::handle).listen()
        .onComplete(listening));
    return listening.future();
  }

  /**
   * A new client connection, before it has been read from: HTTP/1.1 ones get the strict request decoder (no
   * CL+TE, no obs-fold) and their timeouts. HTTP/2 connections have no HTTP/1 decoder and are left as they are.
   */
  private void onConnection(HttpConnection connection, HttpServerOptions options) {
    if (!(connection instanceof ConnectionBase base)) {
      return;
    }
    Channel channel = base.channel();
    if (channel.pipeline().get(HTTP1_DECODER) == null) {
      return;
    }
    channel.pipeline().replace(HTTP1_DECODER, HTTP1_DECODER, new StrictRequestDecoder(options));
    ConnectionClock.start(vertx, connection, channel, settings);
  }

  /** A request Netty could not decode (or {@link StrictRequestDecoder} refused): 4xx, then close. */
  private void invalid(HttpServerRequest request) {
    if (ConnectionClock.refusingRequests(channelOf(request))) {
      request.connection().close();
      return;
    }
    Exchange exchange = new Exchange(request, RequestIds.next(), System.nanoTime());
    request.response().putHeader("x-request-id", exchange.id());
    exchange.speaks(dialectOfUndecodable(request));
    RequestShape.Refusal refusal = RequestShape.undecodable(request);
    EdgeRefusal.send(exchange, refusal.status(), refusal.code(), refusal.message());
  }

  /** An undecodable request's line may be garbage: its path is only a hint, OpenAI's shape the fallback. */
  private static ErrorDialect dialectOfUndecodable(HttpServerRequest request) {
    try {
      return dialectOf(request.path());
    } catch (RuntimeException unparsable) {
      return ErrorDialect.OPENAI;
    }
  }

  /** The error dialect of a path's route, for refusals made before routing. */
  private static ErrorDialect dialectOf(String path) {
    if (path == null) {
      return ErrorDialect.OPENAI;
    }
    return switch (path) {
      case "/v1/messages", "/v1/messages/count_tokens" -> ChatApi.ANTHROPIC_ERRORS;
      case "/v1/responses" -> ChatApi.RESPONSES_ERRORS;
      default -> ErrorDialect.OPENAI;
    };
  }

  public int actualPort() {
    return server.actualPort();
  }

  public Future<Void> close() {
    return shutdown(Duration.ZERO);
  }

  /**
   * Stops accepting connections at once, closes idle ones, and lets requests and streams in flight run to their
   * end for up to {@code grace}; whatever is still open then is closed.
   */
  public Future<Void> shutdown(Duration grace) {
    List<Future<Void>> closing = new ArrayList<>();
    extra.forEach(s -> closing.add(s.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS)));
    if (server != null) {
      closing.add(server.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS));
    }
    return Future.join(closing).mapEmpty();
  }

  private void handle(HttpServerRequest request) {
    String id = RequestIds.next();
    request.response().putHeader("x-request-id", id);
    if (ConnectionClock.refusingRequests(channelOf(request))) {
      request.connection().close(); // pipelined behind a refused request: never answered
      return;
    }
    Exchange exchange = new Exchange(request, id, System.nanoTime());
    ConnectionClock.requestArrived(channelOf(request), request);
    RequestShape.Refusal refusal = RequestShape.check(request);
    if (refusal != null) { // before routing and authentication: the shape alone decides
      exchange.speaks(dialectOf(request.path()));
      EdgeRefusal.send(exchange, refusal.status(), refusal.code(), refusal.message());
      return;
    }
    switch (request.path()) {
      case "/v1/chat/completions" -> api(exchange, HttpMethod.POST, openAi::chatCompletions);
      case "/v1/embeddings" -> api(exchange, HttpMethod.POST, openAi::embeddings);
      case "/v1/messages" -> {
        exchange.speaks(ChatApi.ANTHROPIC_ERRORS);
        api(exchange, HttpMethod.POST, openAi::messages);
      }
      case "/v1/messages/count_tokens" -> {
        exchange.speaks(ChatApi.ANTHROPIC_ERRORS);
        api(exchange, HttpMethod.POST, openAi::countTokens);
      }
      case "/v1/responses" -> {
        exchange.speaks(ChatApi.RESPONSES_ERRORS);
        api(exchange, HttpMethod.POST, openAi::responses);
      }
      case "/v1/models" -> api(exchange, HttpMethod.GET, this::models);
      case "/health/live" -> json(exchange, 200, "{\"status\":\"live\"}");
      case "/health/ready" -> ready(exchange);
      case "/metrics" -> metrics.accept(exchange);
      default -> {
        if (request.path().startsWith("/admin/")) {
          admin.handle(exchange);
          return;
        }
        ErrorResponder.send(exchange, new GatewayException(ErrorKind.NOT_FOUND, "Unknown request URL: "
          + request.method().name() + " " + request.path() + ".", null, "unknown_url"));
      }
    }
  }

  /** Admission (key, then body within the limit) and then the route's handler; one chain for every API route. */
  private void api(Exchange exchange, HttpMethod method, BiConsumer<Exchange, Buffer> handler) {
    HttpServerRequest request = exchange.request();
    if (request.method() != method) {
      exchange.response().putHeader("allow", method.name());
      ErrorResponder.send(exchange, new GatewayException(ErrorKind.METHOD_NOT_ALLOWED, request.path() + " accepts "
          + method.name() + " only, not " + request.method().name() + ".", null, "method_not_allowed"));
      return;
    }
    request.pause(); // hold the body until the key is accepted
    authenticator.authenticate(request)
        .compose(caller -> {
          exchange.admit(caller);
          return method == HttpMethod.GET ? Future.succeededFuture(Buffer.buffer())
              : BodyReader.read(request, settings.maxBodyBytes(), settings.bodyIdleTimeout());
        })
        .onComplete(body -> {
          if (body.cause() instanceof BodyReader.Stalled) {
            EdgeRefusal.send(exchange, 408, "request_timeout", "The request body stopped arriving for "
                + settings.bodyIdleTimeout().toMillis() + " ms.");
            return;
          }
          if (body.cause() instanceof BodyReader.Unreadable) {
            EdgeRefusal.send(exchange, 400, "malformed_request", "The request body's framing is invalid.");
            return;
          }
          if (body.failed()) {
            if (exchange.caller() == null) {
              request.resume(); // refused before reading: drain and drop the body so the connection stays usable
            }
            ErrorResponder.send(exchange, body.cause());
            return;
          }
          try {
            Buffer received = body.result();
            // Here, in the one chain every API route runs, so no route can forget it (RELIABILITY A3#17).
            UpstreamOverrides.refuse(received::getByte, received.length(), received::getBytes);
            handler.accept(exchange, received);
          } catch (RuntimeException e) {
            ErrorResponder.send(exchange, e);
          }
        });
  }

  static Channel channelOf(HttpServerRequest request) {
    return request.connection() instanceof ConnectionBase base ? base.channel() : null;
  }

  private void models(Exchange exchange, Buffer ignored) {
    exchange.response().putHeader("content-type", "application/json").end(modelsBody);
  }

  private void ready(Exchange exchange) {
    vertx.executeBlocking(database::ping, false).onComplete(ping -> {
      boolean ok = ping.succeeded() && Boolean.TRUE.equals(ping.result());
      json(exchange, ok ? 200 : 503, ok ? "{\"status\":\"ready\"}" : "{\"status\":\"store unavailable\"}");
    });
  }

  private static void json(Exchange exchange, int status, String body) {
    exchange.response().setStatusCode(status).putHeader("content-type", "application/json").end(body);
  }
}
