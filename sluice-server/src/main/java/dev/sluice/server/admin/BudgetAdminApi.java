package dev.sluice.server.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.budget.BudgetPeriod;
import dev.sluice.core.error.ErrorKind;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.price.Money;
import dev.sluice.server.admission.ScopeType;
import dev.sluice.server.budget.Budget;
import dev.sluice.server.budget.BudgetRepository;
import dev.sluice.server.budget.BudgetScope;
import dev.sluice.server.budget.BudgetService;
import dev.sluice.server.budget.CreditGrant;
import dev.sluice.server.budget.Periods;
import dev.sluice.server.http.AdminAuth;
import dev.sluice.server.http.BodyReader;
import dev.sluice.server.http.ErrorResponder;
import dev.sluice.server.http.Exchange;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.time.Instant;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The budgets-and-credits part of the admin API (admin key required, see {@link AdminAuth}). Amounts go in as
 * dollar strings ({@code "50"}, {@code "0.25"}) and come out as {@link Money#usd} strings with nine decimals.
 * Bad input is a 400 whose {@code param} names the field; an unknown budget id a 404.
 *
 * <ul>
 *   <li>{@code POST /admin/budgets} {@code {"scope":"team:ml","period":"monthly","limit_usd":"50",
 *       "refuse_unpriced":false}} → 201 with the budget (200 when it replaced the scope's budget for that
 *       period); {@code GET /admin/budgets} → every budget with its current window's settled and reserved
 *       spend: {@link #budgets}
 *   <li>{@code DELETE /admin/budgets/{id}}: {@link #budget}
 *   <li>{@code POST /admin/credits} {@code {"org":"acme","amount_usd":"100","note":"..."}} → 201 with the grant;
 *       {@code GET /admin/credits?org=acme} → granted, spent, reserved, balance: {@link #credits}
 *   <li>{@code GET /admin/spend?scope=key:key_..&period=monthly} → settled and reserved: {@link #spend}
 * </ul>
 *
 * <p>Store work runs on Vert.x worker threads, never on the event loop. Over 300 lines: four routes and the
 * field-by-field validation that names each bad field.
 */
public final class BudgetAdminApi {
  /** Path prefix of {@link #budget}; the id follows it. */
  public static final String BUDGET_PATH_PREFIX = "/admin/budgets/";
  private static final long MAX_BODY_BYTES = 64 * 1024;
  private static final int MAX_NAME_LENGTH = 256;
  private static final int MAX_NOTE_LENGTH = 1024;
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS); // "limit_usd": 0.1 stays exactly 0.1

  private final Vertx vertx;
  private final AdminAuth auth;
  private final BudgetService service;
  private final Predicate<String> knownModel;

  /**
   * @param knownModel whether a model name (as requests send it) exists, to refuse a budget on a model that
   *     does not; {@code m -> true} accepts any
   */
  public BudgetAdminApi(Vertx vertx, AdminAuth auth, BudgetService service, Predicate<String> knownModel) {
    this.vertx = vertx;
    this.auth = auth;
    this.service = service;
    this.knownModel = knownModel;
  }

  /** {@code /admin/budgets}: GET lists, POST sets. */
  public void budgets(Exchange exchange) {
    if (!auth.authorize(exchange, Set.of(HttpMethod.GET, HttpMethod.POST))) {
      return;
    }
    if (exchange.request().method() == HttpMethod.GET) {
      AdminReplies.blocking(vertx, exchange, () -> listBudgets(), body -> AdminReplies.json(exchange, 200, body));
      return;
    }
    withBody(exchange, body -> {
      JsonNode in = object(body, Set.of("scope", "period", "limit_usd", "refuse_unpriced"));
      BudgetScope scope = scope(text(in, "scope", /* required= */ true), "scope");
      if (scope.type() == ScopeType.MODEL && !scope.isEach() && !knownModel.test(scope.id())) {
        throw GatewayException.invalidRequest("Unknown model '" + scope.id() + "' in scope: no configured model"
            + " or alias has that name.", "scope");
      }
      BudgetPeriod period = period(text(in, "period", true), "period");
      long limit = usd(in, "limit_usd");
      boolean refuseUnpriced = bool(in, "refuse_unpriced");
      AdminReplies.blocking(vertx, exchange, () -> service.setBudget(scope, period, limit, refuseUnpriced),
          (BudgetRepository.Saved saved) -> AdminReplies.json(exchange, saved.created() ? 201 : 200, budgetJson(saved.budget())));
    });
  }

  /** {@code /admin/budgets/{id}}: DELETE. */
  public void budget(Exchange exchange) {
    if (!auth.authorize(exchange, Set.of(HttpMethod.DELETE))) {
      return;
    }
    String id = exchange.request().path().substring(BUDGET_PATH_PREFIX.length());
    if (id.isEmpty() || id.contains("/")) {
      ErrorResponder.send(exchange, GatewayException.invalidRequest("Put the budget id in the path:"
          + " DELETE /admin/budgets/bud_...", "id"));
      return;
    }
    AdminReplies.blocking(vertx, exchange, () -> service.deleteBudget(id), deleted -> {
      if (!deleted) {
        ErrorResponder.send(exchange, new GatewayException(ErrorKind.NOT_FOUND, "No budget with id " + id + ".",
            "id", "budget_not_found"));
        return;
      }
      AdminReplies.json(exchange, 200, JSON.createObjectNode().put("id", id).put("object", "budget").put("deleted", true));
    });
  }

  /** {@code /admin/credits}: POST adds a grant, GET {@code ?org=} shows the balance. */
  public void credits(Exchange exchange) {
    if (!auth.authorize(exchange, Set.of(HttpMethod.GET, HttpMethod.POST))) {
      return;
    }
    if (exchange.request().method() == HttpMethod.GET) {
      String org;
      try {
        org = name(exchange.request().getParam("org"), "org");
      } catch (GatewayException e) {
        ErrorResponder.send(exchange, e);
        return;
      }
      AdminReplies.blocking(vertx, exchange, () -> service.credits(org), balance -> AdminReplies.json(exchange, 200, balanceJson(balance)));
      return;
    }
    withBody(exchange, body -> {
      JsonNode in = object(body, Set.of("org", "amount_usd", "note"));
      String org = name(text(in, "org", true), "org");
      long amount = usd(in, "amount_usd");
      if (amount == 0) {
        throw GatewayException.invalidRequest("amount_usd must be more than 0.", "amount_usd");
      }
      String note = text(in, "note", false);
      if (note != null && note.length() > MAX_NOTE_LENGTH) {
        throw GatewayException.invalidRequest("note is longer than " + MAX_NOTE_LENGTH + " characters.", "note");
      }
      AdminReplies.blocking(vertx, exchange, () -> service.addCredits(org, amount, note), grant -> AdminReplies.json(exchange, 201, grantJson(grant)));
    });
  }

  /** {@code /admin/spend?scope=type:id&period=monthly}: GET. */
  public void spend(Exchange exchange) {
    if (!auth.authorize(exchange, Set.of(HttpMethod.GET))) {
      return;
    }
    BudgetScope scope;
    BudgetPeriod period;
    try {
      scope = scope(exchange.request().getParam("scope"), "scope");
      if (scope.isEach()) {
        throw GatewayException.invalidRequest("Spend is reported for one scope: name it, e.g. key:key_3f9a, not "
            + scope.wire() + ".", "scope");
      }
      period = period(exchange.request().getParam("period"), "period");
    } catch (GatewayException e) {
      ErrorResponder.send(exchange, e);
      return;
    }
    AdminReplies.blocking(vertx, exchange, () -> service.spend(scope, period), s -> {
      ObjectNode out = JSON.createObjectNode()
          .put("scope", s.scope().wire())
          .put("period", Periods.wireName(s.period()))
          .put("window_start", s.windowStart().toString())
          .put("window_end", instant(s.windowEnd()))
          .put("settled_usd", Money.usd(s.settledNanos()))
          .put("reserved_usd", Money.usd(s.reservedNanos()));
      AdminReplies.json(exchange, 200, out);
    });
  }

  // ---------------------------------------------------------------------------------------------- JSON out

  private ObjectNode listBudgets() {
    ObjectNode out = JSON.createObjectNode().put("object", "list");
    ArrayNode data = out.putArray("data");
    for (BudgetService.BudgetStatus status : service.budgets()) {
      ObjectNode b = budgetJson(status.budget());
      if (!status.budget().scope().isEach() && status.windows().size() == 1) {
        BudgetService.WindowSpend w = status.windows().getFirst();
        b.put("window_start", w.windowStart().toString())
            .put("window_end", instant(w.windowEnd()))
            .put("settled_usd", Money.usd(w.settledNanos()))
            .put("reserved_usd", Money.usd(w.reservedNanos()));
      }
      ArrayNode windows = b.putArray("windows");
      for (BudgetService.WindowSpend w : status.windows()) {
        windows.addObject()
            .put("scope", status.budget().scope().type().wireName() + ":" + w.scopeId())
            .put("window_start", w.windowStart().toString())
            .put("window_end", instant(w.windowEnd()))
            .put("settled_usd", Money.usd(w.settledNanos()))
            .put("reserved_usd", Money.usd(w.reservedNanos()));
      }
      data.add(b);
    }
    return out;
  }

  private static ObjectNode budgetJson(Budget b) {
    return JSON.createObjectNode()
        .put("id", b.id())
        .put("object", "budget")
        .put("scope", b.scope().wire())
        .put("period", Periods.wireName(b.period()))
        .put("limit_usd", Money.usd(b.limitNanos()))
        .put("refuse_unpriced", b.refuseUnpriced())
        .put("created_at", b.createdAt().toString());
  }

  private static ObjectNode grantJson(CreditGrant g) {
    return JSON.createObjectNode()
        .put("id", g.id())
        .put("object", "credit_grant")
        .put("org", g.org())
        .put("amount_usd", Money.usd(g.amountNanos()))
        .put("note", g.note())
        .put("created_at", g.createdAt().toString());
  }

  private static ObjectNode balanceJson(BudgetService.CreditBalance c) {
    ObjectNode out = JSON.createObjectNode()
        .put("org", c.org())
        .put("granted_usd", Money.usd(c.grantedNanos()))
        .put("spent_usd", Money.usd(c.spentNanos()))
        .put("reserved_usd", Money.usd(c.reservedNanos()))
        .put("balance_usd", Money.usd(c.balanceNanos()));
    ArrayNode grants = out.putArray("grants");
    c.grants().forEach(g -> grants.add(grantJson(g)));
    return out;
  }

  private static String instant(Instant i) {
    return i == null ? null : i.toString();
  }

  // ---------------------------------------------------------------------------------------------- JSON in

  private static JsonNode object(Buffer body, Set<String> allowed) {
    JsonNode in;
    try {
      in = JSON.readTree(body.getBytes());
    } catch (JsonProcessingException | RuntimeException e) {
      throw GatewayException.invalidRequest("The body is not valid JSON.", null);
    } catch (java.io.IOException e) {
      throw GatewayException.invalidRequest("The body could not be read.", null);
    }
    if (in == null || !in.isObject()) {
      throw GatewayException.invalidRequest("The body must be a JSON object.", null);
    }
    for (Iterator<String> names = in.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw GatewayException.invalidRequest("Unknown field '" + name + "'; expected "
            + String.join(", ", allowed.stream().sorted().toList()) + ".", name);
      }
    }
    return in;
  }

  private static String text(JsonNode in, String field, boolean required) {
    JsonNode v = in.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw GatewayException.invalidRequest("Missing required field " + field + ".", field);
      }
      return null;
    }
    if (!v.isTextual()) {
      throw GatewayException.invalidRequest(field + " must be a string.", field);
    }
    return v.textValue();
  }

  /** A dollar amount, as a string ({@code "50"}, {@code "$0.25"}) or a JSON number; 0 or more. */
  private static long usd(JsonNode in, String field) {
    JsonNode v = in.get(field);
    if (v == null || v.isNull()) {
      throw GatewayException.invalidRequest("Missing required field " + field + ".", field);
    }
    String text = v.isNumber() ? v.decimalValue().toPlainString() : v.isTextual() ? v.textValue() : null;
    if (text == null) {
      throw GatewayException.invalidRequest(field + " must be an amount of US dollars such as \"50\".", field);
    }
    if (text.strip().startsWith("-")) {
      throw GatewayException.invalidRequest(field + " must not be negative: " + text + ".", field);
    }
    try {
      return Money.parseUsd(text);
    } catch (IllegalArgumentException e) {
      throw GatewayException.invalidRequest(field + ": " + e.getMessage() + ".", field);
    }
  }

  private static boolean bool(JsonNode in, String field) {
    JsonNode v = in.get(field);
    if (v == null || v.isNull()) {
      return false;
    }
    if (!v.isBoolean()) {
      throw GatewayException.invalidRequest(field + " must be true or false.", field);
    }
    return v.booleanValue();
  }

  static BudgetScope scope(String text, String param) {
    if (text == null || text.isBlank()) {
      throw GatewayException.invalidRequest("Missing " + param + ", written type:id (e.g. team:ml or key:*).",
          param);
    }
    try {
      return BudgetScope.parse(text);
    } catch (IllegalArgumentException e) {
      throw GatewayException.invalidRequest(e.getMessage(), param);
    }
  }

  static BudgetPeriod period(String text, String param) {
    if (text == null || text.isBlank()) {
      throw GatewayException.invalidRequest("Missing " + param + ": daily, weekly, monthly or total.", param);
    }
    try {
      return Periods.parse(text);
    } catch (IllegalArgumentException e) {
      throw GatewayException.invalidRequest(e.getMessage(), param);
    }
  }

  private static String name(String text, String param) {
    if (text == null || text.isBlank()) {
      throw GatewayException.invalidRequest("Missing " + param + ".", param);
    }
    if (text.length() > MAX_NAME_LENGTH || !text.chars().allMatch(c -> c > ' ' && c != 0x7f)) {
      throw GatewayException.invalidRequest(param + " must be at most " + MAX_NAME_LENGTH
          + " characters, without spaces or control characters.", param);
    }
    return text;
  }

  // ---------------------------------------------------------------------------------------------- plumbing

  private void withBody(Exchange exchange, Consumer<Buffer> handler) {
    exchange.request().pause();
    BodyReader.read(exchange.request(), MAX_BODY_BYTES).onComplete(read -> {
      if (read.failed()) {
        ErrorResponder.send(exchange, read.cause());
        return;
      }
      try {
        handler.accept(read.result());
      } catch (RuntimeException e) {
        ErrorResponder.send(exchange, e);
      }
    });
  }

}
