package dev.sluice.core.dialect.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.error.ErrorKind;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.route.ProviderPreferences;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code models}, {@code route}, and cutting all three members; {@code provider}: ProviderPreferencesReaderTest. */
class RoutingMembersTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";
  private static final String MODELS = "\"models\":[\"b\",\"c\"]";
  private static final String ROUTE = "\"route\":\"fallback\"";
  private static final String PROVIDER = "\"provider\":{\"order\":[\"openai\"],\"allow_fallbacks\":false}";

  static OpenAiChatRequest parse(String json) {
    return OpenAiChatRequest.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  static GatewayException rejected(String json) {
    GatewayException e = catchThrowableOfType(GatewayException.class, () -> parse(json));
    assertThat(e).as("expected %s to be rejected", json).isNotNull();
    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    return e;
  }

  static String with(String fields) {
    return "{\"model\":\"a\"," + MESSAGES + (fields.isEmpty() ? "" : "," + fields) + "}";
  }

  private static String upstream(String body, String model) {
    return new String(parse(body).toUpstreamBody(model), StandardCharsets.UTF_8);
  }

  @Test
  void noRoutingMembersMeansNoFallbacksAndNoPreferences() {
    OpenAiChatRequest r = parse(with(""));
    assertThat(r.fallbackModels()).isEmpty();
    assertThat(r.preferences()).isSameAs(ProviderPreferences.NONE);
  }

  @Test
  void fallbackModelsKeepOrderWithoutTheModelOrRepeats() {
    assertThat(parse(with("\"models\":[\"b\",\"a\",\"c\",\"b\"]")).fallbackModels()).containsExactly("b", "c");
    assertThat(parse(with("\"models\":[\"a\"]")).fallbackModels()).isEmpty();
    // the model may come after models in the body
    assertThat(parse("{\"models\":[\"x\",\"y\"]," + MESSAGES + ",\"model\":\"x\"}").fallbackModels())
        .containsExactly("y");
    assertThat(parse(with("\"models\":null")).fallbackModels()).isEmpty();
    List<String> ten = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ten.add("\"m" + i + "\"");
    }
    assertThat(parse(with("\"models\":[" + String.join(",", ten) + "]")).fallbackModels()).hasSize(10);
  }

  @Test
  void modelsMustBeOneToTenNonEmptyStrings() {
    GatewayException notArray = rejected(with("\"models\":\"b\""));
    assertThat(notArray.param()).isEqualTo("models");
    assertThat(notArray.getMessage())
        .isEqualTo("Invalid type for 'models': expected an array, but got a string instead.");
    GatewayException empty = rejected(with("\"models\":[]"));
    assertThat(empty.param()).isEqualTo("models");
    assertThat(empty.code()).isEqualTo("empty_array");
    GatewayException number = rejected(with("\"models\":[\"b\",\"c\",7]"));
    assertThat(number.param()).isEqualTo("models[2]");
    assertThat(number.code()).isEqualTo("invalid_type");
    assertThat(rejected(with("\"models\":[\"b\",null]")).param()).isEqualTo("models[1]");
    GatewayException blank = rejected(with("\"models\":[\"\"]"));
    assertThat(blank.param()).isEqualTo("models[0]");
    assertThat(blank.code()).isEqualTo("string_below_min_length");
    GatewayException eleven = rejected(with("\"models\":[" + "\"m\",".repeat(10) + "\"m\"]"));
    assertThat(eleven.param()).isEqualTo("models");
    assertThat(eleven.code()).isEqualTo("array_above_max_length");
    assertThat(eleven.getMessage()).isEqualTo("Invalid 'models': array too long. Expected an array with maximum"
        + " length 10, but got an array with length 11 instead.");
  }

  @Test
  void routeMayOnlyBeFallback() {
    parse(with(ROUTE));
    parse(with("\"route\":null"));
    GatewayException other = rejected(with("\"route\":\"sort\""));
    assertThat(other.param()).isEqualTo("route");
    assertThat(other.getMessage()).isEqualTo("Invalid value: 'sort'. Supported values are: 'fallback'.");
    assertThat(rejected(with("\"route\":[\"fallback\"]")).param()).isEqualTo("route");
    assertThat(rejected(with("\"route\":true")).code()).isEqualTo("invalid_type");
  }

  @Test
  void routingMembersAreCutAtEveryPosition() {
    String rest = "\"model\":\"a\"," + MESSAGES + ",\"temperature\":0.50";
    String expected = "{\"model\":\"up\"," + MESSAGES + ",\"temperature\":0.50}";
    for (String member : List.of(MODELS, ROUTE, PROVIDER, "\"models\":null", "\"provider\":null")) {
      assertThat(upstream("{" + member + "," + rest + "}", "up")).as("first %s", member).isEqualTo(expected);
      assertThat(upstream("{\"model\":\"a\"," + member + "," + MESSAGES + ",\"temperature\":0.50}", "up"))
          .as("middle %s", member).isEqualTo(expected);
      assertThat(upstream("{" + rest + "," + member + "}", "up")).as("last %s", member).isEqualTo(expected);
    }
  }

  @Test
  void allThreeAreCutWhereverTheyStand() throws Exception {
    List<String> members = List.of("\"model\":\"a\"", MESSAGES, "\"seed\":7", MODELS, ROUTE, PROVIDER);
    String expected = "{\"model\":\"up\"," + MESSAGES + ",\"seed\":7}";
    // every order of the six members: the routing ones first, last, together and apart
    for (List<String> order : permutations(members)) {
      String body = "{" + String.join(",", order) + "}";
      String up = upstream(body, "up");
      assertThat(JSON.readTree(up)).as(body).isEqualTo(JSON.readTree(expected));
      List<String> kept = new ArrayList<>(order);
      kept.removeAll(List.of(MODELS, ROUTE, PROVIDER));
      assertThat(up).as(body).isEqualTo("{" + String.join(",", kept).replace("\"a\"", "\"up\"") + "}");
    }
  }

  @Test
  void cuttingComposesWithTheModelRenameAndIncludeUsage() throws Exception {
    // the model right after a cut member, the stream_options insertion at the end right after another
    String body = "{" + MODELS + ",\"model\":\"a\",\"stream\":true," + MESSAGES + "," + PROVIDER + "}";
    assertThat(upstream(body, "gpt-4o")).isEqualTo("{\"model\":\"gpt-4o\",\"stream\":true," + MESSAGES
        + ",\"stream_options\":{\"include_usage\":true}}");
    // include_usage set inside stream_options, beside cut members
    String inside = "{\"model\":\"a\"," + ROUTE + ",\"stream_options\":{\"include_usage\":false}," + PROVIDER
        + ",\"stream\":true," + MESSAGES + "}";
    assertThat(upstream(inside, "a")).isEqualTo("{\"model\":\"a\",\"stream_options\":{\"include_usage\":true},"
        + "\"stream\":true," + MESSAGES + "}");
    // nothing else to change: still a new body without the members
    String onlyRouting = with(ROUTE);
    assertThat(upstream(onlyRouting, "a")).isEqualTo(with(""));
  }

  @Test
  void prettyPrintedBodiesKeepTheirLayout() {
    String body = """
        {
          "models": ["b", "c"],
          "model": "a",
          "provider": {
            "sort": "price"
          },
          "messages": [{"role": "user", "content": "Hi"}],
          "route": "fallback"
        }""";
    assertThat(upstream(body, "z")).isEqualTo("""
        {
          "model": "z",
          "messages": [{"role": "user", "content": "Hi"}]
        }""");
  }

  @Test
  void everythingElseIsByteIdentical() throws Exception {
    String body = "{\"model\":\"a\",\"vendor_extension\":{\"provider\":\"x\",\"models\":[1]},\"temperature\":1.0e0,"
        + MESSAGES + "," + PROVIDER + ",\"user\":\"route\"}";
    String up = upstream(body, "a");
    assertThat(up).isEqualTo(body.replace("," + PROVIDER, ""));
    ObjectNode expected = (ObjectNode) JSON.readTree(body);
    expected.remove("provider");
    JsonNode actual = JSON.readTree(up);
    assertThat(actual).isEqualTo(expected);
  }

  private static List<List<String>> permutations(List<String> items) {
    if (items.isEmpty()) {
      return List.of(List.of());
    }
    List<List<String>> out = new ArrayList<>();
    for (String first : items) {
      List<String> rest = new ArrayList<>(items);
      rest.remove(first);
      for (List<String> tail : permutations(rest)) {
        List<String> p = new ArrayList<>();
        p.add(first);
        p.addAll(tail);
        out.add(p);
      }
    }
    return out;
  }
}
