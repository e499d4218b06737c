package dev.sluice.core.dialect.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.error.ErrorKind;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.route.RequestNeeds;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiChatRequestTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";

  private static OpenAiChatRequest parse(String json) {
    return OpenAiChatRequest.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static GatewayException rejected(String json) {
    GatewayException e = catchThrowableOfType(GatewayException.class, () -> parse(json));
    assertThat(e).as("expected %s to be rejected", json.length() > 200 ? json.substring(0, 200) : json).isNotNull();
    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    return e;
  }

  /** A body with {@code fields} added after a valid model and messages. */
  private static String with(String fields) {
    return "{\"model\":\"m\"," + MESSAGES + (fields.isEmpty() ? "" : "," + fields) + "}";
  }

  private static String messages(String... items) {
    return "{\"model\":\"m\",\"messages\":[" + String.join(",", items) + "]}";
  }

  private static JsonNode tree(byte[] bytes) throws Exception {
    return JSON.readTree(bytes);
  }

  private static List<String> keys(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void minimalRequest() {
    OpenAiChatRequest r = parse(with(""));
    assertThat(r.model()).isEqualTo("m");
    assertThat(r.stream()).isFalse();
    assertThat(r.includeUsage()).isFalse();
    assertThat(r.hasTools()).isFalse();
    assertThat(r.maxOutputTokens()).isEmpty();
    assertThat(r.body().get("messages").get(0).get("content").asText()).isEqualTo("Hi");
  }

  @Test
  void accessorsReflectTheBody() {
    OpenAiChatRequest r = parse(with("\"stream\":true,\"stream_options\":{\"include_usage\":true},"
        + "\"max_tokens\":100,\"max_completion_tokens\":200,\"tools\":[{\"type\":\"function\"}],\"n\":2,"
        + "\"temperature\":0.2"));
    assertThat(r.stream()).isTrue();
    assertThat(r.includeUsage()).isTrue();
    assertThat(r.hasTools()).isTrue();
    assertThat(r.maxOutputTokens()).hasValue(200);
    assertThat(parse(with("\"max_tokens\":100")).maxOutputTokens()).hasValue(100);
    assertThat(parse(with("\"tools\":[]")).hasTools()).isFalse();
    assertThat(parse(with("\"stream\":null,\"tools\":null,\"n\":null,\"temperature\":null")).stream()).isFalse();
  }

  @Test
  void notJsonOrNotAnObject() {
    for (String body : List.of("", "{", "not json", "[]", "\"text\"", "42", "null",
        with("") + " trailing", with("") + "{}")) {
      GatewayException e = rejected(body);
      assertThat(e.getMessage()).startsWith("We could not parse the JSON body of your request.");
      assertThat(e.param()).isNull();
    }
  }

  @Test
  void model() {
    GatewayException missing = rejected("{" + MESSAGES + "}");
    assertThat(missing.param()).isEqualTo("model");
    assertThat(missing.code()).isEqualTo("missing_required_parameter");
    GatewayException number = rejected("{\"model\":5," + MESSAGES + "}");
    assertThat(number.param()).isEqualTo("model");
    assertThat(number.code()).isEqualTo("invalid_type");
    assertThat(number.getMessage())
        .isEqualTo("Invalid type for 'model': expected a string, but got an integer instead.");
    assertThat(rejected("{\"model\":null," + MESSAGES + "}").param()).isEqualTo("model");
  }

  @Test
  void messagesMissingNotAnArrayOrEmpty() {
    assertThat(rejected("{\"model\":\"m\"}").param()).isEqualTo("messages");
    assertThat(rejected("{\"model\":\"m\",\"messages\":{}}").param()).isEqualTo("messages");
    GatewayException empty = rejected("{\"model\":\"m\",\"messages\":[]}");
    assertThat(empty.param()).isEqualTo("messages");
    assertThat(empty.code()).isEqualTo("empty_array");
  }

  @Test
  void messageNotAnObject() {
    assertThat(rejected(messages("{\"role\":\"user\",\"content\":\"a\"}", "\"hi\"")).param())
        .isEqualTo("messages[1]");
  }

  @Test
  void roles() {
    String ok = "{\"role\":\"user\",\"content\":\"a\"}";
    GatewayException missing = rejected(messages(ok, ok, ok, "{\"content\":\"a\"}"));
    assertThat(missing.param()).isEqualTo("messages[3].role");
    assertThat(missing.code()).isEqualTo("missing_required_parameter");
    GatewayException unknown = rejected(messages(ok, ok, ok, "{\"role\":\"robot\",\"content\":\"a\"}"));
    assertThat(unknown.param()).isEqualTo("messages[3].role");
    assertThat(unknown.getMessage()).isEqualTo("Invalid value: 'robot'. Supported values are: 'system',"
        + " 'developer', 'user', 'assistant', 'tool', and 'function'.");
    assertThat(rejected(messages("{\"role\":1,\"content\":\"a\"}")).param()).isEqualTo("messages[0].role");
    for (String role : OpenAiChatRequest.ROLES) {
      parse(messages("{\"role\":\"" + role + "\",\"content\":\"a\"}"));
    }
  }

  @Test
  void contentTypes() {
    assertThat(rejected(messages("{\"role\":\"user\",\"content\":5}")).param()).isEqualTo("messages[0].content");
    assertThat(rejected(messages("{\"role\":\"user\",\"content\":{}}")).param()).isEqualTo("messages[0].content");
    assertThat(rejected(messages("{\"role\":\"user\",\"content\":null}")).param())
        .isEqualTo("messages[0].content");
    assertThat(rejected(messages("{\"role\":\"system\"}")).param()).isEqualTo("messages[0].content");
    assertThat(rejected(messages("{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},\"b\"]}"))
        .param()).isEqualTo("messages[0].content[1]");
    // valid shapes
    parse(messages("{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},"
        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AAAA\"}}]}"));
    parse(messages("{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\","
        + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}"));
    parse(messages("{\"role\":\"assistant\",\"content\":null,\"refusal\":\"no\"}"));
    parse(messages("{\"role\":\"tool\",\"tool_call_id\":\"c\",\"content\":\"42\"}"));
  }

  @Test
  void streamFlags() {
    assertThat(rejected(with("\"stream\":\"yes\"")).param()).isEqualTo("stream");
    assertThat(rejected(with("\"stream_options\":\"x\"")).param()).isEqualTo("stream_options");
    assertThat(rejected(with("\"stream_options\":[]")).param()).isEqualTo("stream_options");
    assertThat(rejected(with("\"stream_options\":{\"include_usage\":\"yes\"}")).param())
        .isEqualTo("stream_options.include_usage");
  }

  @Test
  void tokenAndChoiceLimits() {
    GatewayException zero = rejected(with("\"max_tokens\":0"));
    assertThat(zero.param()).isEqualTo("max_tokens");
    assertThat(zero.code()).isEqualTo("integer_below_min_value");
    assertThat(zero.getMessage()).isEqualTo(
        "Invalid 'max_tokens': integer below minimum value. Expected a value >= 1, but got 0 instead.");
    assertThat(rejected(with("\"max_tokens\":10000001")).code()).isEqualTo("integer_above_max_value");
    assertThat(rejected(with("\"max_tokens\":99999999999999999999999")).code())
        .isEqualTo("integer_above_max_value");
    assertThat(rejected(with("\"max_tokens\":-99999999999999999999999")).code())
        .isEqualTo("integer_below_min_value");
    assertThat(rejected(with("\"max_tokens\":1.5")).code()).isEqualTo("invalid_type");
    assertThat(rejected(with("\"max_tokens\":\"10\"")).param()).isEqualTo("max_tokens");
    assertThat(rejected(with("\"max_completion_tokens\":-1")).param()).isEqualTo("max_completion_tokens");
    assertThat(rejected(with("\"n\":129")).param()).isEqualTo("n");
    assertThat(rejected(with("\"n\":0")).param()).isEqualTo("n");
    parse(with("\"n\":128,\"max_tokens\":10000000"));
  }

  @Test
  void temperatureMustBeANumber() {
    assertThat(rejected(with("\"temperature\":\"hot\"")).param()).isEqualTo("temperature");
    parse(with("\"temperature\":1"));
    parse(with("\"temperature\":0.7"));
  }

  @Test
  void toolsMustBeAnArrayOfObjects() {
    assertThat(rejected(with("\"tools\":{}")).param()).isEqualTo("tools");
    assertThat(rejected(with("\"tools\":[{\"type\":\"function\"},1]")).param()).isEqualTo("tools[1]");
  }

  @Test
  void duplicateKeysAreRejectedAnywhere() {
    GatewayException top = rejected("{\"model\":\"cheap\"," + MESSAGES + ",\"model\":\"expensive\"}");
    assertThat(top.getMessage()).contains("Duplicate field 'model'");
    GatewayException nested = rejected(with("\"tools\":[{\"type\":\"function\",\"type\":\"x\"}]"));
    assertThat(nested.getMessage()).contains("Duplicate field 'type'");
  }

  @Test
  void nestingIsCappedAt64() {
    // the root object is level 1; "x" adds levels 2..depth
    parse(with("\"x\":" + "[".repeat(63) + "]".repeat(63)));
    GatewayException deep = rejected(with("\"x\":" + "[".repeat(64) + "]".repeat(64)));
    assertThat(deep.getMessage()).contains("nesting depth");
  }

  @Test
  void stringsAreCappedAt16MiB() {
    String huge = "a".repeat(OpenAiJson.MAX_STRING_CHARS + 1);
    GatewayException inContent = rejected(messages("{\"role\":\"user\",\"content\":\"" + huge + "\"}"));
    assertThat(inContent.getMessage()).contains("exceeds the maximum allowed");
    assertThat(rejected(with("\"vendor_extension\":{\"k\":[\"" + huge + "\"]}")).getMessage())
        .contains("exceeds the maximum allowed");
    assertThat(rejected("{\"model\":\"" + huge + "\"," + MESSAGES + "}").getMessage())
        .contains("exceeds the maximum allowed");
    String justFits = "a".repeat(OpenAiJson.MAX_STRING_CHARS - 100);
    assertThat(parse(messages("{\"role\":\"user\",\"content\":\"" + justFits + "\"}")).model()).isEqualTo("m");
  }

  @Test
  void upstreamBodyChangesOnlyTheModel() throws Exception {
    String body = """
        {
          "model" : "my-alias",
          "messages": [{"role": "user", "content": "Weather in Paris?"}],
          "temperature": 1.0,
          "tools": [{"type": "function", "function": {"name": "get_weather", "strict": true,
            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}],
          "response_format": {"type": "json_schema", "json_schema": {"name": "w", "schema": {"type": "object"}}},
          "x_vendor_extension": [1, 2.50, {"deep": null}],
          "model_hint": "my-alias"
        }""";
    OpenAiChatRequest r = parse(body);
    byte[] upstream = r.toUpstreamBody("gpt-4o-mini");
    assertThat(new String(upstream, StandardCharsets.UTF_8))
        .isEqualTo(body.replaceFirst("\"my-alias\"", "\"gpt-4o-mini\""));
    ObjectNode expected = (ObjectNode) tree(body.getBytes(StandardCharsets.UTF_8));
    expected.put("model", "gpt-4o-mini");
    assertThat(tree(upstream)).isEqualTo(expected);
  }

  @Test
  void sameModelAndNoStreamReturnsTheClientsBytes() {
    byte[] body = with("\"stream\":false").getBytes(StandardCharsets.UTF_8);
    assertThat(OpenAiChatRequest.parse(body).toUpstreamBody("m")).isSameAs(body);
  }

  @Test
  void modelNameIsJsonEscaped() throws Exception {
    byte[] upstream = parse(with("")).toUpstreamBody("we\"ird\\模型\n");
    assertThat(tree(upstream).get("model").asText()).isEqualTo("we\"ird\\模型\n");
  }

  @Test
  void streamingAddsStreamOptionsWhenAbsent() throws Exception {
    String body = "{\"model\":\"a\",\"stream\":true," + MESSAGES + ",\"user\":\"u1\"}";
    OpenAiChatRequest r = parse(body);
    assertThat(r.includeUsage()).isFalse();
    JsonNode up = tree(r.toUpstreamBody("b"));
    assertThat(keys(up)).containsExactly("model", "stream", "messages", "user", "stream_options");
    assertThat(up.get("stream_options").get("include_usage").asBoolean()).isTrue();
    assertThat(up.get("model").asText()).isEqualTo("b");
  }

  @Test
  void streamingForcesIncludeUsageInEveryShape() throws Exception {
    for (String options : List.of("null", "{}", "{ }", "{\"include_usage\":false}", "{\"include_usage\": null}",
        "{\"continuous_usage_stats\":true}", "{\"include_obfuscation\":false,\"include_usage\":false,\"x\":1}")) {
      String body = "{\"model\":\"a\"," + MESSAGES + ",\"stream\":true,\"stream_options\":" + options
          + ",\"seed\":1}";
      OpenAiChatRequest r = parse(body);
      assertThat(r.includeUsage()).isFalse();
      JsonNode up = tree(r.toUpstreamBody("a"));
      assertThat(keys(up)).as(options).containsExactly("model", "messages", "stream", "stream_options", "seed");
      JsonNode streamOptions = up.get("stream_options");
      assertThat(streamOptions.get("include_usage").asBoolean()).as(options).isTrue();
      JsonNode original = tree(body.getBytes(StandardCharsets.UTF_8)).get("stream_options");
      if (original.isObject()) {
        original.fieldNames().forEachRemaining(name -> {
          if (!name.equals("include_usage")) {
            assertThat(streamOptions.get(name)).as(options).isEqualTo(original.get(name));
          }
        });
        assertThat(keys(streamOptions)).as(options).containsAll(keys(original));
      }
    }
  }

  @Test
  void clientThatAskedForUsageIsLeftAlone() {
    byte[] body = with("\"stream\":true,\"stream_options\":{\"include_usage\":true}").getBytes(StandardCharsets.UTF_8);
    OpenAiChatRequest r = OpenAiChatRequest.parse(body);
    assertThat(r.includeUsage()).isTrue();
    assertThat(r.toUpstreamBody("m")).isSameAs(body);
  }

  @Test
  void nonStreamingLeavesStreamOptionsAlone() {
    String body = with("\"stream_options\":{\"include_usage\":false}");
    assertThat(new String(parse(body).toUpstreamBody("m"), StandardCharsets.UTF_8)).isEqualTo(body);
  }

  @Test
  void needsOfThePlainestRequest() {
    // "Hi" (2 bytes) → ceil(2 / 4) = 1, one message → 4, the reply → 3
    assertThat(parse(with("")).needs()).isEqualTo(new RequestNeeds(false, false, false, 8, 0));
  }

  @Test
  void needsToolsFromToolsOrLegacyFunctions() {
    assertThat(parse(with("\"tools\":[{\"type\":\"function\"}]")).needs().tools()).isTrue();
    assertThat(parse(with("\"functions\":[{\"name\":\"f\"}]")).needs().tools()).isTrue();
    assertThat(parse(with("\"functions\":[{\"name\":\"f\"}]")).hasTools()).isTrue();
    assertThat(parse(with("\"tools\":[],\"functions\":null")).needs().tools()).isFalse();
    assertThat(rejected(with("\"functions\":{}")).param()).isEqualTo("functions");
    assertThat(rejected(with("\"functions\":[{},\"f\"]")).param()).isEqualTo("functions[1]");
  }

  @Test
  void needsJsonSchemaOnlyForThatResponseFormat() {
    assertThat(parse(with("\"response_format\":{\"json_schema\":{\"name\":\"w\",\"schema\":{}},"
        + "\"type\":\"json_schema\"}")).needs().jsonSchema()).isTrue();
    for (String other : List.of("{\"type\":\"json_object\"}", "{\"type\":\"text\"}", "null", "{}",
        "\"json_schema\"", "{\"type\":1}")) {
      assertThat(parse(with("\"response_format\":" + other)).needs().jsonSchema()).as(other).isFalse();
    }
  }

  @Test
  void needsImagesFromAnyImagePart() {
    String text = "{\"type\":\"text\",\"text\":\"what is this?\"}";
    String image = "{\"image_url\":{\"url\":\"https://x/y.png\",\"detail\":\"low\"},\"type\":\"image_url\"}";
    OpenAiChatRequest withImage = parse(messages("{\"role\":\"system\",\"content\":\"s\"}",
        "{\"role\":\"user\",\"content\":[" + text + "," + image + "]}"));
    assertThat(withImage.hasImages()).isTrue();
    assertThat(withImage.needs().images()).isTrue();
    assertThat(parse(messages("{\"role\":\"user\",\"content\":[{\"type\":\"input_image\",\"image_url\":\"u\"}]}"))
        .hasImages()).isTrue();
    assertThat(parse(messages("{\"role\":\"user\",\"content\":[" + text + "]}")).hasImages()).isFalse();
    // the word alone, as text, is not an image
    assertThat(parse(messages("{\"role\":\"user\",\"content\":\"image_url\"}")).hasImages()).isFalse();
    assertThat(parse(messages("{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\","
        + "\"input_audio\":{\"data\":\"AAAA\",\"format\":\"wav\"}}]}")).hasImages()).isFalse();
  }

  @Test
  void needsMaxOutputTokensFromEitherLimit() {
    assertThat(parse(with("\"max_tokens\":100")).needs().maxOutputTokens()).isEqualTo(100);
    assertThat(parse(with("\"max_tokens\":100,\"max_completion_tokens\":50")).needs().maxOutputTokens())
        .isEqualTo(50);
    assertThat(parse(with("\"max_completion_tokens\":null,\"max_tokens\":7")).needs().maxOutputTokens())
        .isEqualTo(7);
  }

  @Test
  void promptTokenEstimateCountsEveryTextItsDocSays() {
    String user = "{\"role\":\"user\",\"name\":\"ann\",\"content\":[{\"type\":\"text\",\"text\":\"abcd\"},"
        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AAAAAAAAAAAAAAAA\"}},"
        + "{\"text\":\"efgh\",\"type\":\"text\"}]}";
    String assistant = "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\","
        + "\"type\":\"function\",\"function\":{\"name\":\"get\",\"arguments\":\"{\\\"a\\\":1}\"}}]}";
    String tool = "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"12345678\"}";
    String legacy = "{\"role\":\"assistant\",\"function_call\":{\"name\":\"fn\",\"arguments\":\"xy\"}}";
    String tools = "[{\"type\":\"function\",\"function\":{\"name\":\"get\"}}]";
    String body = "{\"model\":\"m\",\"messages\":[" + String.join(",", user, assistant, tool, legacy)
        + "],\"tools\":" + tools + "}";
    // text as written: ann 3 + abcd 4 + efgh 4 + get 3 + {\"a\":1} 9 + 12345678 8 + fn 2 + xy 2 = 35
    long text = 35 + tools.length();
    long expected = (text + 3) / 4 + 4 * 4 + 3;
    assertThat(parse(body).needs().promptTokens()).isEqualTo(expected);
  }

  @Test
  void promptTokenEstimateErrsHighOnEscapesAndCountsUtf8Bytes() {
    // "é" is 2 UTF-8 bytes; "\u00e9" is 6 bytes as written and stands for the same 2
    long plain = parse(messages("{\"role\":\"user\",\"content\":\"" + "é".repeat(100) + "\"}")).needs()
        .promptTokens();
    assertThat(plain).isEqualTo(200 / 4 + 4 + 3);
    long escaped = parse(messages("{\"role\":\"user\",\"content\":\"" + "\\u00e9".repeat(100) + "\"}")).needs()
        .promptTokens();
    assertThat(escaped).isGreaterThanOrEqualTo(plain);
    // whitespace and member order around the strings do not change the count
    long pretty = parse("{ \"messages\" : [ { \"content\" : \"" + "é".repeat(100) + "\" ,\n \"role\" : \"user\" } ] ,"
        + " \"model\":\"m\" }").needs().promptTokens();
    assertThat(pretty).isEqualTo(plain);
  }

  @Test
  void promptTokenEstimateOfALongPromptIsItsLength() {
    String big = "word ".repeat(400_000); // 2 MB
    OpenAiChatRequest r = parse(messages("{\"role\":\"system\",\"content\":\"be brief\"}",
        "{\"role\":\"user\",\"content\":\"" + big + "\"}"));
    assertThat(r.needs().promptTokens()).isEqualTo((8 + big.length() + 3) / 4 + 2 * 4 + 3);
  }

  @Test
  void promptTokenEstimateHoldsForBodiesAbove16MiB() {
    // bigger bodies take RequestWalker's decoding path for skipped strings; the count must not change
    String half = "a".repeat(9 * 1024 * 1024);
    OpenAiChatRequest r = parse(messages("{\"role\":\"user\",\"content\":\"" + half + "\"}",
        "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"" + half + "\"}]}"));
    assertThat(r.needs().promptTokens()).isEqualTo(2L * half.length() / 4 + 2 * 4 + 3);
  }

  @Test
  void promptTextJoinsMessageTextAndKeepsBothEndsWhenLong() {
    OpenAiChatRequest r = parse(messages("{\"role\":\"system\",\"content\":\"Be brief.\"}",
        "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[]}",
        "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Look:\"},"
            + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"u\"}},{\"type\":\"text\",\"text\":\"what?\"}]}"));
    assertThat(r.promptText(1000)).isEqualTo("Be brief.\nLook:\nwhat?");
    assertThat(r.promptText(6)).isEqualTo("Be at?");
    assertThat(r.promptText(0)).isEmpty();
    assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> r.promptText(-1))).isNotNull();
  }

  @Test
  void promptTextNeverSplitsASurrogatePair() {
    String text = "ab\uD83D\uDE00cd\uD83D\uDE00ef"; // ab😀cd😀ef
    assertThat(OpenAiChatRequest.firstAndLast(text, 5)).isEqualTo("abef"); // head "ab", tail would start mid-pair
    assertThat(OpenAiChatRequest.firstAndLast(text, 8)).isEqualTo("ab\uD83D\uDE00\uD83D\uDE00ef");
    assertThat(OpenAiChatRequest.firstAndLast(text, 6)).isEqualTo("abef"); // head would end mid-pair too
    assertThat(OpenAiChatRequest.firstAndLast(text, 10)).isEqualTo(text);
  }

  @Test
  void continuationAppendsThePartialAnswerToMessages() throws Exception {
    String body = "{\"model\":\"a\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Count\"} ],"
        + "\"provider\":{\"sort\":\"price\"},\"temperature\":0}";
    byte[] continued = parse(body).toContinuationBody("b", "1, 2, \"3\"\n");
    assertThat(new String(continued, StandardCharsets.UTF_8)).isEqualTo("{\"model\":\"b\",\"stream\":true,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"Count\"} ,{\"role\":\"assistant\","
        + "\"content\":\"1, 2, \\\"3\\\"\\n\"}],\"temperature\":0,\"stream_options\":{\"include_usage\":true}}");
    JsonNode messages = tree(continued).get("messages");
    assertThat(messages).hasSize(2);
    assertThat(messages.get(1).get("content").asText()).isEqualTo("1, 2, \"3\"\n");
  }

  @Test
  void continuationIsANewArrayEvenWhenNothingElseChanges() {
    byte[] body = with("").getBytes(StandardCharsets.UTF_8);
    OpenAiChatRequest r = OpenAiChatRequest.parse(body);
    assertThat(r.toUpstreamBody("m")).isSameAs(body);
    assertThat(new String(r.toContinuationBody("m", ""), StandardCharsets.UTF_8)).isEqualTo(
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},"
            + "{\"role\":\"assistant\",\"content\":\"\"}]}");
    assertThat(r.toUpstreamBody("m")).isSameAs(body);
  }
}
