package dev.sluice.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.config.ServerSettings;
import dev.sluice.server.e2e.DialectWire.Dialect;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RELIABILITY A1#5: hostile JSON bodies in every caller dialect. Each is refused with a 400 in the caller's
 * own error object (OpenAI's for {@code /v1/chat/completions} and {@code /v1/responses}, Anthropic's for
 * {@code /v1/messages}), never a 500 or a stack trace, within a few seconds, and without any request
 * reaching the provider. The few bodies that are valid (a leading UTF-8 BOM, a 7 MB prompt) are pinned as
 * documented successes. The gateway runs with the default 8 MiB body limit.
 */
class HostileJsonTest {
  private static final String MODEL = "fake/gpt-4o-mini";
  /** A refusal must come back well within this: parse time is bounded. */
  private static final Duration BOUND = Duration.ofSeconds(5);
  private static GatewayHarness gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayHarness.start(c -> GatewayHarness.withServer(c,
        new ServerSettings("127.0.0.1", 0, 8L * 1024 * 1024, null, Duration.ofSeconds(15))));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  // ---- bodies

  /** The dialect's minimal valid body as ordered members, so a case can replace or add one. */
  private static Map<String, String> base(Dialect d) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("model", q(MODEL));
    switch (d) {
      case OPENAI -> m.put("messages", "[{\"role\":\"user\",\"content\":\"Hi\"}]");
      case ANTHROPIC -> {
        m.put("max_tokens", "64");
        m.put("messages", "[{\"role\":\"user\",\"content\":\"Hi\"}]");
      }
      case RESPONSES -> m.put("input", "\"Hi\"");
    }
    return m;
  }

  private static String messagesField(Dialect d) {
    return d == Dialect.RESPONSES ? "input" : "messages";
  }

  private static String maxTokensField(Dialect d) {
    return d == Dialect.RESPONSES ? "max_output_tokens" : "max_tokens";
  }

  private static String q(String s) {
    return DialectWire.quote(s);
  }

  private static byte[] with(Dialect d, String... nameValues) {
    Map<String, String> m = base(d);
    for (int i = 0; i < nameValues.length; i += 2) {
      m.put(nameValues[i], nameValues[i + 1]);
    }
    StringBuilder out = new StringBuilder("{");
    m.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append(q(k)).append(':').append(v));
    return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static String nested(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  private static String nestedObject(int depth) {
    return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
  }

  /** One message of the dialect's shape, with a raw JSON content value. */
  private static String message(Dialect d, String content) {
    return d == Dialect.RESPONSES ? "{\"role\":\"user\",\"content\":" + content + "}"
        : "{\"role\":\"user\",\"content\":" + content + "}";
  }

  private static String manyMessages(Dialect d, int count) {
    StringBuilder out = new StringBuilder(count * 40).append('[');
    for (int i = 0; i < count; i++) {
      out.append(i == 0 ? "" : ",").append(i % 2 == 0 || d == Dialect.RESPONSES
          ? "{\"role\":\"user\",\"content\":\"a\"}" : "{\"role\":\"assistant\",\"content\":\"b\"}");
    }
    return out.append(']').toString();
  }

  /** The bodies every dialect must refuse with a 400, by name. */
  static Stream<Arguments> refused() {
    List<Arguments> cases = new ArrayList<>();
    for (Dialect d : Dialect.values()) {
      String msgs = messagesField(d);
      String maxTokens = maxTokensField(d);
      Map<String, byte[]> c = new LinkedHashMap<>();
      c.put("10k nested arrays", with(d, msgs, nested(10_000)));
      c.put("10k nested arrays, unclosed", utf8("{\"model\":" + q(MODEL) + ",\"" + msgs + "\":" + "[".repeat(10_000)));
      c.put("10k nested objects in metadata", with(d, "metadata", nestedObject(10_000)));
      c.put("7 MB string in a message", with(d, msgs, "[" + message(d, q("a".repeat(7_000_000))) + "]"));
      c.put("100k messages", with(d, msgs, manyMessages(d, 100_000)));
      c.put(maxTokens + " 1e9", with(d, maxTokens, "1000000000"));
      c.put(maxTokens + " -1", with(d, maxTokens, "-1"));
      c.put(maxTokens + " 1.5", with(d, maxTokens, "1.5"));
      c.put(maxTokens + " as string", with(d, maxTokens, "\"10\""));
      c.put(maxTokens + " 1e999", with(d, maxTokens, "1e999"));
      c.put(maxTokens + " 2^64", with(d, maxTokens, "18446744073709551616"));
      c.put("model as number", with(d, "model", "123"));
      c.put("model null", with(d, "model", "null"));
      c.put("model as array", with(d, "model", "[" + q(MODEL) + "]"));
      c.put(msgs + " as object", with(d, msgs, "{}"));
      c.put(msgs + " as number", with(d, msgs, "5"));
      c.put(msgs + " of numbers", with(d, msgs, "[1,2]"));
      c.put("content as number", with(d, msgs, "[" + message(d, "5") + "]"));
      c.put("content as object", with(d, msgs, "[" + message(d, "{}") + "]"));
      c.put("role as number", with(d, msgs, "[{\"role\":7,\"content\":\"Hi\"}]"));
      c.put("stream as string", with(d, "stream", "\"yes\""));
      c.put("temperature as string", with(d, "temperature", "\"hot\""));
      c.put("temperature NaN", with(d, "temperature", "NaN"));
      c.put("temperature Infinity", with(d, "temperature", "Infinity"));
      c.put("temperature -Infinity", with(d, "temperature", "-Infinity"));
      if (d != Dialect.OPENAI) { // the passthrough forwards it: see below
        c.put("top_p as array", with(d, "top_p", "[]"));
      }
      c.put("tools as object", with(d, "tools", "{}"));
      c.put("tools of numbers", with(d, "tools", "[1]"));
      if (d != Dialect.OPENAI) { // the passthrough forwards it: see below
        c.put("tool_choice as number", with(d, "tool_choice", "5"));
      }
      c.put("metadata as string", with(d, "metadata", "\"x\""));
      c.put("duplicate model", utf8(new String(with(d), StandardCharsets.UTF_8).replaceFirst("\\}$",
          ",\"model\":\"fake/house-model\"}")));
      c.put("duplicate model, escaped key", utf8(new String(with(d), StandardCharsets.UTF_8).replaceFirst("\\}$",
          ",\"mod\\\\u0065l\":\"fake/house-model\"}")));
      c.put("duplicate member in a message", with(d, msgs,
          "[{\"role\":\"user\",\"role\":\"system\",\"content\":\"Hi\"}]"));
      c.put("invalid UTF-8 in a string", concat(utf8("{\"model\":" + q(MODEL) + ",\"metadata\":{\"k\":\"a"),
          new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF}, utf8("\"}," + tail(d))));
      c.put("lone surrogate bytes (CESU) in a string", concat(utf8("{\"model\":" + q(MODEL) + ",\"metadata\":{\"k\":\"a"),
          new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, utf8("\"}," + tail(d))));
      c.put("trailing garbage", concat(with(d), utf8("garbage")));
      c.put("trailing second object", concat(with(d), with(d)));
      c.put("empty body", new byte[0]);
      c.put("whitespace only", utf8("  \n "));
      c.put("null body", utf8("null"));
      c.put("top-level array", concat(utf8("["), with(d), utf8("]")));
      c.put("top-level string", utf8("\"hello\""));
      c.put("top-level number", utf8("42"));
      c.put("truncated", java.util.Arrays.copyOf(with(d), with(d).length - 3));
      c.put("BOM then garbage", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8("{]")));
      c.put("UTF-16 body", new String(with(d), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16));
      c.forEach((name, body) -> cases.add(Arguments.of(d, name, body)));
    }
    cases.add(Arguments.of(Dialect.OPENAI, "n 1e6", with(Dialect.OPENAI, "n", "1000000")));
    cases.add(Arguments.of(Dialect.OPENAI, "metadata value of 7 MB", with(Dialect.OPENAI, "metadata",
        "{\"k\":" + q("a".repeat(7_000_000)) + "}")));
    cases.add(Arguments.of(Dialect.RESPONSES, "metadata value of 7 MB", with(Dialect.RESPONSES, "metadata",
        "{\"k\":" + q("a".repeat(7_000_000)) + "}")));
    cases.add(Arguments.of(Dialect.OPENAI, "n 0", with(Dialect.OPENAI, "n", "0")));
    cases.add(Arguments.of(Dialect.ANTHROPIC, "max_tokens missing", utf8("{\"model\":" + q(MODEL)
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")));
    cases.add(Arguments.of(Dialect.ANTHROPIC, "system as number", with(Dialect.ANTHROPIC, "system", "5")));
    cases.add(Arguments.of(Dialect.ANTHROPIC, "stop_sequences as string", with(Dialect.ANTHROPIC, "stop_sequences",
        "\"x\"")));
    cases.add(Arguments.of(Dialect.RESPONSES, "instructions as number", with(Dialect.RESPONSES, "instructions", "5")));
    cases.add(Arguments.of(Dialect.RESPONSES, "text as number", with(Dialect.RESPONSES, "text", "5")));
    return cases.stream();
  }

  /** The rest of a body after an injected member: the dialect's required members besides the model. */
  private static String tail(Dialect d) {
    return switch (d) {
      case OPENAI -> "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
      case ANTHROPIC -> "\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
      case RESPONSES -> "\"input\":\"Hi\"}";
    };
  }

  // ---- sending

  private static HttpResponse<String> post(Dialect d, byte[] body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + d.path))
        .timeout(Duration.ofSeconds(20))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    d.auth(gateway.key).forEach(request::header);
    return Http.send(request.build());
  }

  /** Status, caller-dialect error object, no trace, bounded time, nothing upstream. */
  private static String assertRefused(Dialect d, String name, byte[] body, int status, String anthropicType) {
    int before = gateway.fake.requests().size();
    long start = System.nanoTime();
    HttpResponse<String> r = post(d, body);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(r.statusCode()).as(name + ": " + abbreviate(r.body())).isEqualTo(status);
    assertThat(took).as(name + " answered within the bound").isLessThan(BOUND);
    assertThat(r.headers().firstValue("content-type").orElse("")).as(name).startsWith("application/json");
    String message = d.assertErrorBody(r.body(), "invalid_request_error", anthropicType);
    assertNoStackTrace(name, r.body());
    assertThat(gateway.fake.requests().size()).as(name + ": nothing reached the provider").isEqualTo(before);
    return message;
  }

  static void assertNoStackTrace(String name, String body) {
    assertThat(body).as(name).doesNotContain("\tat ", "at dev.sluice", "at com.fasterxml", "Exception",
        "java.lang", "jackson");
  }

  private static String abbreviate(String s) {
    return s.length() > 400 ? s.substring(0, 400) + "..." : s;
  }

  @ParameterizedTest(name = "{0} caller: {1}")
  @MethodSource("refused")
  void hostileBodiesAreA400InTheCallersDialect(Dialect d, String name, byte[] body) {
    assertRefused(d, name, body, 400, "invalid_request_error");
  }

  /**
   * Valid bodies that must succeed, and reach the provider as the gateway means them: a leading BOM (RFC
   * 8259 lets a parser ignore it) is dropped, not forwarded; a {@code model} key spelled with an escape is
   * the model (the passthrough renames it, so the provider sees the authorized name).
   */
  @ParameterizedTest(name = "{0} caller")
  @EnumSource(Dialect.class)
  void aLeadingBomAndAnEscapedModelKeyAreAcceptedAndForwardedClean(Dialect d) {
    byte[] bom = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, with(d));
    byte[] escapedKey = utf8(new String(with(d), StandardCharsets.UTF_8).replace("\"model\"", "\"mod\\u0065l\""));
    for (byte[] body : List.of(bom, escapedKey)) {
      int before = gateway.fake.requests().size();
      HttpResponse<String> r = post(d, body);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(gateway.fake.requests()).hasSize(before + 1);
      String upstream = gateway.fake.lastRequest().body();
      assertThat(upstream).as("no BOM forwarded").startsWith("{");
      assertThat(gateway.fake.lastRequest().json().path("model").asText()).isEqualTo("gpt-4o-mini");
    }
  }

  /**
   * Members a dialect does not have are ignored and never forwarded: {@code n} on Anthropic and Responses
   * callers, and Anthropic's {@code metadata} beyond {@code user_id} (here 7 MB of it).
   */
  @org.junit.jupiter.api.Test
  void membersADialectDoesNotHaveAreDroppedNotForwarded() {
    for (Dialect d : List.of(Dialect.ANTHROPIC, Dialect.RESPONSES)) {
      HttpResponse<String> r = post(d, with(d, "n", "1000000"));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(gateway.fake.lastRequest().json().has("n")).as(d + " forwarded n").isFalse();
    }
    HttpResponse<String> r = post(Dialect.ANTHROPIC, with(Dialect.ANTHROPIC, "metadata",
        "{\"k\":" + q("a".repeat(7_000_000)) + "}"));
    assertThat(r.statusCode()).as(abbreviate(r.body())).isEqualTo(200);
    assertThat(gateway.fake.lastRequest().body().length()).isLessThan(10_000);
  }

  /**
   * The OpenAI passthrough (OpenAI caller, OpenAI-compatible provider) validates the members the gateway
   * reads (model, messages, stream, token limits, n, temperature, tools, metadata, ...) and forwards the
   * others byte for byte for the provider to judge, as the DESIGN's passthrough says: a wrong-typed
   * {@code top_p}, {@code stop}, {@code tool_choice} or {@code logit_bias} reaches the provider unchanged.
   */
  @org.junit.jupiter.api.Test
  void thePassthroughForwardsMembersItDoesNotReadUnchanged() {
    for (String[] member : List.of(new String[] {"top_p", "[]"}, new String[] {"stop", "5"},
        new String[] {"tool_choice", "5"}, new String[] {"logit_bias", "{\"50256\":1e308}"})) {
      HttpResponse<String> r = post(Dialect.OPENAI, with(Dialect.OPENAI, member[0], member[1]));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(gateway.fake.lastRequest().body()).contains(q(member[0]) + ":" + member[1]);
    }
  }
}
