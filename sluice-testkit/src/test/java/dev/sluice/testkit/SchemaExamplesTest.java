package dev.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SchemaExamplesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyPropertyGetsItsTypesValue() throws Exception {
    assertThat(example("""
        {"type":"object","required":["s"],"properties":{"s":{"type":"string"},"n":{"type":"number"},
         "i":{"type":"integer"},"b":{"type":"boolean"},"a":{"type":"array","items":{"type":"string"}},
         "e":{"type":"string","enum":["celsius","fahrenheit"]},"c":{"const":"fixed"},
         "o":{"type":"object","properties":{"deep":{"type":["string","null"]}}}}}"""))
        .isEqualTo(JSON.readTree("""
            {"s":"Paris","n":1,"i":1,"b":true,"a":[],"e":"celsius","c":"fixed","o":{"deep":"Paris"}}"""));
  }

  @Test
  void refsAnyOfAndRecursionAreHandled() throws Exception {
    JsonNode node = example("""
        {"type":"object","properties":{"p":{"$ref":"#/$defs/point"},"u":{"anyOf":[{"type":"integer"},{"type":"string"}]},
         "tree":{"$ref":"#"}},"$defs":{"point":{"type":"object","properties":{"x":{"type":"number"}}}}}""");

    assertThat(node.at("/p/x").asInt()).isEqualTo(1);
    assertThat(node.get("u").asInt()).isEqualTo(1);
    assertThat(node.at("/tree/tree/p/x").asInt()).isEqualTo(1); // recursion stops at a depth limit
  }

  @Test
  void missingSchema_isAnEmptyObject() {
    assertThat(SchemaExamples.minimalInstance(null).toString()).isEqualTo("{}");
  }

  private static JsonNode example(String schema) throws Exception {
    return SchemaExamples.minimalInstance(JSON.readTree(schema));
  }
}
