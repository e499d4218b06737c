package dev.sluice.core.dialect.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonToken;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestWalkerTest {

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void memberStartIsWhereJacksonSaysTheKeyStarts() throws Exception {
    for (String body : List.of("{\"a\":1,\"b\":[2],\"c\":{\"d\":null},\"e\":\"f\"}",
        "{ \"a\" : 1 ,\n\t\"b\"\r\n:\n[ 2 ] , \"c\":{ \"d\" : null } ,\"e\"  :\"f\" }",
        "{\"\\u0061\":1,\"b\\\\\":[2],\"\\/\":{},\"\":\"\"}")) {
      byte[] raw = bytes(body);
      List<Integer> fromNames = new ArrayList<>();
      List<Integer> fromValues = new ArrayList<>();
      try (RequestWalker w = new RequestWalker(raw)) {
        w.enterRootObject();
        while (w.next() == JsonToken.FIELD_NAME) {
          fromNames.add(w.tokenStart());
          JsonToken v = w.next();
          fromValues.add(w.memberStart());
          w.skip(v);
        }
      }
      assertThat(fromValues).as(body).isEqualTo(fromNames).hasSize(4);
      assertThat(raw[fromValues.get(0)]).isEqualTo((byte) '"');
    }
  }

  @Test
  void measureStringCountsBytesAsWrittenWhateverFollows() throws Exception {
    // strings followed by a key, a closing brace, an array element, a closing bracket, with and without spaces
    String body = "{\"s\":\"ab\", \"t\" : {\"x\": \"\\\"c\\\\\"\n}, \"u\":[\"é\" , \"xyz\"],\"v\":{\"w\":\"\"} }";
    try (RequestWalker w = new RequestWalker(bytes(body))) {
      JsonToken t;
      while ((t = w.next()) != null) {
        if (t == JsonToken.VALUE_STRING) {
          w.measureString();
        }
      }
      // ab 2 + \"c\\ 5 + é 2 + xyz 3 + "" 0
      assertThat(w.measuredBytes()).isEqualTo(12);
    }
  }

  @Test
  void measuringLeavesTheWalkUnchanged() throws Exception {
    String body = "{\"a\":\"x\",\"b\":[\"y\",{\"c\":\"z\"}],\"d\":1}";
    List<JsonToken> plain = new ArrayList<>();
    List<JsonToken> measured = new ArrayList<>();
    for (List<JsonToken> tokens : List.of(plain, measured)) {
      try (RequestWalker w = new RequestWalker(bytes(body))) {
        JsonToken t;
        while ((t = w.next()) != null) {
          tokens.add(t);
          if (t == JsonToken.VALUE_STRING && tokens == measured) {
            w.measureString();
          }
        }
      }
    }
    assertThat(measured).isEqualTo(plain);
  }
}
