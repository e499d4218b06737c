package dev.sluice.core.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Structure-aware mutations of a JSON body: a node anywhere in the tree is replaced by a value of another
 * type (wrong types are what validation code must catch, and byte flips rarely produce them), removed, or
 * duplicated. The result is still valid JSON, so it reaches the validation behind the JSON parser.
 */
public final class JsonMutations {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private static final List<JsonNode> ODD_VALUES = List.of(F.nullNode(), F.booleanNode(true), F.numberNode(-1),
      F.numberNode(0), F.numberNode(1.5), F.numberNode(1e9), F.numberNode(new java.math.BigInteger(
          "99999999999999999999999")), F.numberNode(-1e308), F.textNode(""), F.textNode("x"),
      F.textNode("\u0000\ud800"), F.arrayNode(), F.arrayNode().add(F.nullNode()), F.objectNode(),
      F.objectNode().put("type", "bogus"));

  private JsonMutations() {}

  record Edit(double where, int op, int value) {}

  public static Arbitrary<byte[]> of(List<byte[]> seeds) {
    Arbitrary<Edit> edit = Combinators.combine(Arbitraries.doubles().between(0, 1), Arbitraries.integers()
        .between(0, 2), Arbitraries.integers().between(0, ODD_VALUES.size() - 1)).as(Edit::new);
    return Combinators.combine(Arbitraries.of(seeds), edit.list().ofMinSize(1).ofMaxSize(3))
        .as(JsonMutations::apply);
  }

  private static byte[] apply(byte[] seed, List<Edit> edits) {
    try {
      JsonNode root = JSON.readTree(seed);
      for (Edit e : edits) {
        List<JsonNode[]> slots = new ArrayList<>(); // {parent, child}
        collect(root, slots);
        if (slots.isEmpty()) {
          break;
        }
        JsonNode[] slot = slots.get((int) Math.min(slots.size() - 1, e.where() * slots.size()));
        edit(slot[0], slot[1], e);
      }
      return JSON.writeValueAsBytes(root);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private static void collect(JsonNode node, List<JsonNode[]> slots) {
    for (JsonNode child : node) {
      slots.add(new JsonNode[] {node, child});
      collect(child, slots);
    }
  }

  private static void edit(JsonNode parent, JsonNode child, Edit e) {
    JsonNode odd = ODD_VALUES.get(e.value()).deepCopy();
    if (parent instanceof ObjectNode obj) {
      String name = nameOf(obj, child);
      switch (e.op()) {
        case 0 -> obj.set(name, odd);
        case 1 -> obj.remove(name);
        default -> obj.set(name, F.arrayNode().add(child.deepCopy()));
      }
    } else if (parent instanceof ArrayNode arr) {
      int i = indexOf(arr, child);
      switch (e.op()) {
        case 0 -> arr.set(i, odd);
        case 1 -> arr.remove(i);
        default -> arr.insert(i, child.deepCopy());
      }
    }
  }

  private static String nameOf(ObjectNode obj, JsonNode child) {
    for (var it = obj.properties().iterator(); it.hasNext(); ) {
      var entry = it.next();
      if (entry.getValue() == child) {
        return entry.getKey();
      }
    }
    throw new IllegalStateException("child not found");
  }

  private static int indexOf(ArrayNode arr, JsonNode child) {
    for (int i = 0; i < arr.size(); i++) {
      if (arr.get(i) == child) {
        return i;
      }
    }
    throw new IllegalStateException("child not found");
  }
}
