package dev.sluice.server.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.error.GatewayException;
import dev.sluice.server.http.AdminAuth;
import dev.sluice.server.http.BodyReader;
import dev.sluice.server.http.ErrorResponder;
import dev.sluice.server.http.Exchange;
import dev.sluice.server.limit.LimitInput;
import dev.sluice.server.limit.LimitRule;
import dev.sluice.server.limit.LimitRuleRepository;
import dev.sluice.server.limit.RateLimitService;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The rate limit part of the admin API (admin key required, see {@link AdminAuth}).
 *
 * <ul>
 *   <li>{@code POST /admin/limits} {@code {"scope":"team:ml","kind":"rpm","limit":60}}: sets the limit for
 *       that scope and kind; 201 with the new rule, or 200 when it replaced the limit of an existing rule
 *       (same id, counters kept).
 *   <li>{@code GET /admin/limits}: {@code {"object":"list","data":[rule, ...]}}.
 *   <li>{@code DELETE /admin/limits/{id}}: 200 {@code {"id":..,"object":"rate_limit.deleted","deleted":true}},
 *       404 for an unknown id.
 * </ul>
 *
 * Bad input is a 400 whose {@code param} names the field. Store work runs off the event loop; the
 * gateway's limits are reloaded before the answer goes out, so the change applies to the next request.
 */
public final class LimitAdminApi {
  /** The path of the collection; one rule is {@code PATH + "/" + id}. */
  public static final String PATH = "/admin/limits";
  /** A rule is three short members; anything near this size is not one. */
  private static final long MAX_BODY_BYTES = 16 * 1024;
  private static final Set<String> MEMBERS = Set.of("scope", "kind", "limit");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Vertx vertx;
  private final AdminAuth auth;
  private final LimitRuleRepository repository;
  private final RateLimitService limits;
  private final Predicate<String> knownModel;
  private final InstantSource clock;

  /**
   * @param knownModel true for a model alias or {@code provider/model} of a configured provider
   *     ({@link dev.sluice.server.limit.KnownModels#from} builds it from the configuration)
   */
  public LimitAdminApi(Vertx vertx, AdminAuth auth, LimitRuleRepository repository, RateLimitService limits,
      Predicate<String> knownModel, InstantSource clock) {
    this.vertx = vertx;
    this.auth = auth;
    this.repository = repository;
    this.limits = limits;
    this.knownModel = knownModel;
    this.clock = clock;
  }

  /** {@code /admin/limits}: GET lists, POST sets. */
  public void handleLimits(Exchange exchange) {
    if (!auth.authorize(exchange, Set.of(HttpMethod.GET, HttpMethod.POST))) {
      return;
    }
    if (exchange.request().method() == HttpMethod.GET) {
      AdminReplies.blocking(vertx, exchange, repository::list, rules -> {
        ObjectNode body = JSON.createObjectNode().put("object", "list");
        ArrayNode data = body.putArray("data");
        rules.forEach(rule -> data.add(toJson(rule)));
        AdminReplies.json(exchange, 200, body);
      });
      return;
    }
    exchange.request().pause();
    BodyReader.read(exchange.request(), MAX_BODY_BYTES).onComplete(read -> {
      if (read.failed()) {
        ErrorResponder.send(exchange, read.cause());
        return;
      }
      LimitInput input;
      try {
        input = parse(read.result());
      } catch (GatewayException e) {
        ErrorResponder.send(exchange, e);
        return;
      }
      AdminReplies.blocking(vertx, exchange, () -> {
        LimitRuleRepository.Saved saved = repository.set(input, clock.instant());
        limits.reload();
        return saved;
      }, saved -> AdminReplies.json(exchange, saved.created() ? 201 : 200, toJson(saved.rule())));
    });
  }

  /** {@code /admin/limits/{id}}: DELETE removes the rule. */
  public void handleLimit(Exchange exchange) {
    if (!auth.authorize(exchange, Set.of(HttpMethod.DELETE))) {
      return;
    }
    String id = exchange.request().path().substring(PATH.length() + 1);
    AdminReplies.blocking(vertx, exchange, () -> {
      boolean deleted = repository.delete(id);
      if (deleted) {
        limits.reload();
      }
      return deleted;
    }, deleted -> {
      if (!deleted) {
        ErrorResponder.send(exchange, GatewayException.notFound("No rate limit has id \"" + id + "\"."));
        return;
      }
      AdminReplies.json(exchange, 200, JSON.createObjectNode().put("id", id).put("object", "rate_limit.deleted")
          .put("deleted", true));
    });
  }

  private LimitInput parse(Buffer body) {
    JsonNode root;
    try {
      root = JSON.readTree(body.getBytes());
    } catch (JsonProcessingException e) {
      throw GatewayException.invalidRequest("The body is not valid JSON: " + e.getOriginalMessage(), null);
    } catch (IOException e) {
      throw GatewayException.invalidRequest("The body could not be read as JSON.", null);
    }
    if (root == null || !root.isObject()) {
      throw GatewayException.invalidRequest(
          "The body must be a JSON object such as {\"scope\":\"team:ml\",\"kind\":\"rpm\",\"limit\":60}.", null);
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!MEMBERS.contains(name)) {
        throw GatewayException.invalidRequest("Unknown member \"" + name + "\"; a limit has scope, kind and limit.",
            name);
      }
    }
    return LimitInput.parse(text(root, "scope"), text(root, "kind"), integer(root, "limit"), knownModel);
  }

  private static String text(JsonNode root, String name) {
    JsonNode node = root.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw GatewayException.invalidRequest(name + " must be a string.", name);
    }
    return node.textValue();
  }

  private static Long integer(JsonNode root, String name) {
    JsonNode node = root.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw GatewayException.invalidRequest(name + " must be a positive integer, not " + node + ".", name);
    }
    return node.longValue();
  }

  private static ObjectNode toJson(LimitRule rule) {
    return JSON.createObjectNode()
        .put("id", rule.id())
        .put("object", "rate_limit")
        .put("scope", rule.scope().toString())
        .put("kind", rule.kind().wireName())
        .put("limit", rule.limit())
        .put("created_at", rule.createdAt().getEpochSecond());
  }

}
