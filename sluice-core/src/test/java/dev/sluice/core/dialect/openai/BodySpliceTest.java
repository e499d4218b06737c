package dev.sluice.core.dialect.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class BodySpliceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] NOTHING = new byte[0];

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The root members named in {@code names}, located as the chat reader locates them. */
  private static List<BodySplice.Member> membersNamed(byte[] body, Set<String> names) throws Exception {
    List<BodySplice.Member> members = new ArrayList<>();
    try (RequestWalker w = new RequestWalker(body)) {
      w.enterRootObject();
      while (w.next() == JsonToken.FIELD_NAME) {
        String name = w.name();
        JsonToken v = w.next();
        if (!names.contains(name)) {
          w.skip(v);
          continue;
        }
        int start = w.memberStart();
        w.skip(v);
        members.add(new BodySplice.Member(start, v.isStructStart() ? w.currentEnd() : w.scalarEnd()));
      }
    }
    return members;
  }

  private static String delete(String body, String... names) throws Exception {
    byte[] raw = bytes(body);
    return new String(BodySplice.apply(raw, BodySplice.deleteMembers(raw, membersNamed(raw, Set.of(names)))),
        StandardCharsets.UTF_8);
  }

  @Test
  void applyReplacesAndInsertsInOneCopy() {
    byte[] body = bytes("abcdef");
    assertThat(BodySplice.apply(body)).isSameAs(body);
    byte[] out = BodySplice.apply(body, new BodySplice.Edit(4, 6, bytes("XY")), new BodySplice.Edit(0, 1, NOTHING),
        new BodySplice.Edit(2, 2, bytes("-")));
    assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("b-cdXY");
  }

  @Test
  void anInsertionWhereADeletionStartsGoesFirstWhateverTheOrderGiven() {
    byte[] body = bytes("abcdef");
    String expected = "ab+ef";
    for (boolean insertionFirst : new boolean[] {true, false}) {
      BodySplice.Edit insert = new BodySplice.Edit(2, 2, bytes("+"));
      BodySplice.Edit delete = new BodySplice.Edit(2, 4, NOTHING);
      byte[] out = insertionFirst ? BodySplice.apply(body, insert, delete) : BodySplice.apply(body, delete, insert);
      assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo(expected);
    }
  }

  @Test
  void deletesAMemberAtEveryPositionWithOneComma() throws Exception {
    String body = "{\"a\":1,\"x\":[1,{\"y\":\"},\"}],\"b\":2}";
    assertThat(delete(body, "x")).isEqualTo("{\"a\":1,\"b\":2}");
    assertThat(delete("{\"x\":null,\"a\":1,\"b\":2}", "x")).isEqualTo("{\"a\":1,\"b\":2}");
    assertThat(delete("{\"a\":1,\"b\":2,\"x\":\"q\\\"uote\"}", "x")).isEqualTo("{\"a\":1,\"b\":2}");
    assertThat(delete("{\"x\":{}}", "x")).isEqualTo("{}");
  }

  @Test
  void deletesRunsOfMembers() throws Exception {
    String body = "{\"x\":1,\"y\":2,\"a\":3,\"z\":4,\"w\":5,\"b\":6,\"v\":7}";
    assertThat(delete(body, "x", "y")).isEqualTo("{\"a\":3,\"z\":4,\"w\":5,\"b\":6,\"v\":7}");
    assertThat(delete(body, "z", "w")).isEqualTo("{\"x\":1,\"y\":2,\"a\":3,\"b\":6,\"v\":7}");
    assertThat(delete(body, "x", "y", "z", "w", "v")).isEqualTo("{\"a\":3,\"b\":6}");
    assertThat(delete(body, "x", "y", "a", "z", "w", "b", "v")).isEqualTo("{}");
  }

  @Test
  void keepsThePrettyPrintedLayoutOfWhatRemains() throws Exception {
    String body = """
        {
          "x" : [ "a" ],
          "model": "m",
          "y":{"k": 1} ,
          "messages": [],
          "z": "fallback"
        }""";
    assertThat(delete(body, "x", "y", "z")).isEqualTo("""
        {
          "model": "m",
          "messages": []
        }""");
  }

  @Test
  void findsTheKeyOfAMemberWhateverItsSpelling() throws Exception {
    // an escaped key decodes to the same name; the span must still start at its opening quote
    assertThat(delete("{\"a\":1, \"\\u0078\" \t:\n 2 ,\"b\":3}", "x")).isEqualTo("{\"a\":1, \"b\":3}");
  }

  /**
   * Any subset of members deleted from any layout leaves valid JSON whose remaining members are byte for byte
   * what the client wrote, in order, separated by exactly one comma each and the client's whitespace.
   */
  @Property(tries = 500)
  void deletingAnySubsetKeepsEverythingElse(@ForAll long seed) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    int count = 1 + random.nextInt(7);
    List<String> names = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    StringBuilder body = new StringBuilder("{").append(space(random));
    for (int i = 0; i < count; i++) {
      String name = "k" + i;
      String text = "\"" + name + "\"" + space(random) + ":" + space(random) + value(random);
      names.add(name);
      texts.add(text);
      body.append(text).append(space(random));
      if (i < count - 1) {
        body.append(',').append(space(random));
      }
    }
    body.append('}');
    Set<String> deleted = new java.util.HashSet<>();
    for (String name : names) {
      if (random.nextBoolean()) {
        deleted.add(name);
      }
    }
    String out = delete(body.toString(), deleted.toArray(String[]::new));

    JsonNode tree = JSON.readTree(out);
    List<String> keptNames = new ArrayList<>();
    List<String> keptTexts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (!deleted.contains(names.get(i))) {
        keptNames.add(names.get(i));
        keptTexts.add(texts.get(i));
      }
    }
    List<String> keys = new ArrayList<>();
    tree.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).as(body.toString()).isEqualTo(keptNames);
    String rest = out;
    for (String text : keptTexts) {
      int at = rest.indexOf(text);
      assertThat(at).as("%s in %s", text, out).isNotNegative();
      rest = rest.substring(0, at) + "\u0000" + rest.substring(at + text.length());
    }
    String separators = rest.replaceAll("[ \t\r\n]", "");
    assertThat(separators).as(out).isEqualTo("{" + "\u0000,".repeat(Math.max(0, keptTexts.size() - 1))
        + (keptTexts.isEmpty() ? "" : "\u0000") + "}");
  }

  private static String space(SplittableRandom random) {
    return List.of("", "", " ", "\n  ", "\t", "\r\n", "  ").get(random.nextInt(7));
  }

  private static String value(SplittableRandom random) {
    return List.of("1", "-2.50", "null", "true", "\"s,}\"", "\"a\\\"b\\\\\"", "[]", "[1, {\"n\": [\",\"]}]",
        "{\"x\": {\"y\": \"}\"}}", "\"é\"").get(random.nextInt(10));
  }
}
