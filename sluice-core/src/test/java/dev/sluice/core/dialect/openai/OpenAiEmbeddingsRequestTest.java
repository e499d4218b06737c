package dev.sluice.core.dialect.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.core.error.ErrorKind;
import dev.sluice.core.error.GatewayException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class OpenAiEmbeddingsRequestTest {
  private static OpenAiEmbeddingsRequest parse(String json) {
    return OpenAiEmbeddingsRequest.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static GatewayException rejected(String json) {
    GatewayException e = catchThrowableOfType(GatewayException.class, () -> parse(json));
    assertThat(e).as("expected %s to be rejected", json).isNotNull();
    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    return e;
  }

  private static String input(String input) {
    return "{\"model\":\"text-embedding-3-small\",\"input\":" + input + "}";
  }

  @Test
  void acceptsEveryInputShape() {
    assertThat(parse(input("\"hello\"")).inputCount()).isEqualTo(1);
    assertThat(parse(input("[\"a\",\"b\"]")).inputCount()).isEqualTo(2);
    assertThat(parse(input("[1,2,3]")).inputCount()).isEqualTo(3);
    assertThat(parse(input("[[1,2],[3]]")).inputCount()).isEqualTo(2);
    String max = "[" + String.join(",", Collections.nCopies(2048, "\"x\"")) + "]";
    assertThat(parse(input(max)).inputCount()).isEqualTo(2048);
  }

  @Test
  void optionalFields() {
    OpenAiEmbeddingsRequest r = parse("{\"model\":\"m\",\"input\":\"a\",\"encoding_format\":\"base64\","
        + "\"dimensions\":256,\"user\":\"u\"}");
    assertThat(r.model()).isEqualTo("m");
    assertThat(r.encodingFormat()).isEqualTo("base64");
    assertThat(r.dimensions()).hasValue(256);
    OpenAiEmbeddingsRequest plain = parse(input("\"a\""));
    assertThat(plain.encodingFormat()).isNull();
    assertThat(plain.dimensions()).isEmpty();
    assertThat(plain.body().get("input").asText()).isEqualTo("a");
  }

  @Test
  void modelAndInputAreRequired() {
    assertThat(rejected("{\"input\":\"a\"}").param()).isEqualTo("model");
    assertThat(rejected("{\"model\":1,\"input\":\"a\"}").param()).isEqualTo("model");
    assertThat(rejected("{\"model\":\"m\"}").param()).isEqualTo("input");
    assertThat(rejected("[]").getMessage()).startsWith("We could not parse the JSON body");
  }

  @Test
  void badInputs() {
    assertThat(rejected(input("\"\"")).param()).isEqualTo("input");
    assertThat(rejected(input("[]")).code()).isEqualTo("empty_array");
    assertThat(rejected(input("null")).param()).isEqualTo("input");
    assertThat(rejected(input("{}")).param()).isEqualTo("input");
    assertThat(rejected(input("[\"a\",1]")).param()).isEqualTo("input[1]");
    assertThat(rejected(input("[1,\"a\"]")).param()).isEqualTo("input[1]");
    assertThat(rejected(input("[\"a\",\"\"]")).param()).isEqualTo("input[1]");
    assertThat(rejected(input("[-1]")).param()).isEqualTo("input[0]");
    assertThat(rejected(input("[[1],[]]")).param()).isEqualTo("input[1]");
    assertThat(rejected(input("[[1],[2,\"x\"]]")).param()).isEqualTo("input[1][1]");
    assertThat(rejected(input("[[1],3]")).param()).isEqualTo("input[1]");
    assertThat(rejected(input("[true]")).param()).isEqualTo("input[0]");
    String tooMany = "[" + String.join(",", Collections.nCopies(2049, "1")) + "]";
    GatewayException many = rejected(input(tooMany));
    assertThat(many.code()).isEqualTo("array_above_max_length");
    assertThat(many.getMessage()).contains("2048").contains("2049");
  }

  @Test
  void encodingFormatAndDimensions() {
    assertThat(rejected(input("\"a\",\"encoding_format\":\"int8\"")).param()).isEqualTo("encoding_format");
    assertThat(rejected(input("\"a\",\"encoding_format\":1")).param()).isEqualTo("encoding_format");
    assertThat(rejected(input("\"a\",\"dimensions\":0")).param()).isEqualTo("dimensions");
    assertThat(rejected(input("\"a\",\"dimensions\":1.5")).param()).isEqualTo("dimensions");
    assertThat(rejected(input("\"a\",\"dimensions\":3000000000")).param()).isEqualTo("dimensions");
  }

  @Test
  void duplicateKeysAreRejected() {
    assertThat(rejected("{\"model\":\"a\",\"input\":\"x\",\"input\":\"y\"}").getMessage())
        .contains("Duplicate field 'input'");
  }

  @Test
  void upstreamBodyChangesOnlyTheModel() {
    String body = "{ \"input\": [\"a\", \"b\"], \"model\": \"alias\", \"dimensions\": 8, \"extra\": {\"k\": 1.50} }";
    assertThat(new String(parse(body).toUpstreamBody("text-embedding-3-large"), StandardCharsets.UTF_8))
        .isEqualTo(body.replace("\"alias\"", "\"text-embedding-3-large\""));
    byte[] raw = body.getBytes(StandardCharsets.UTF_8);
    assertThat(OpenAiEmbeddingsRequest.parse(raw).toUpstreamBody("alias")).isSameAs(raw);
  }
}
