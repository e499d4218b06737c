package dev.sluice.core.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TopLevelFieldTest {
  private static String replace(String body, String value) {
    return new String(TopLevelField.replaceString(body.getBytes(StandardCharsets.UTF_8), "model", value),
        StandardCharsets.UTF_8);
  }

  @Test
  void replacesOnlyTheTopLevelMemberAndKeepsEveryOtherByte() {
    String body = "{\"messages\":[{\"model\":\"inner\"}], \"model\" : \"alias\",\"max_tokens\":5}";
    assertThat(replace(body, "claude-x")).isEqualTo(
        "{\"messages\":[{\"model\":\"inner\"}], \"model\" : \"claude-x\",\"max_tokens\":5}");
  }

  @Test
  void escapesTheNewValueAndHandlesMultiByteTextBeforeIt() {
    String body = "{\"system\":\"héllo ✓\",\"model\":\"a\"}";
    assertThat(replace(body, "q\"x")).isEqualTo("{\"system\":\"héllo ✓\",\"model\":\"q\\\"x\"}");
  }

  @Test
  void returnsTheSameArrayWhenAbsentOrEqual() {
    byte[] body = "{\"model\":\"same\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(TopLevelField.replaceString(body, "model", "same")).isSameAs(body);
    byte[] none = "{\"x\":1}".getBytes(StandardCharsets.UTF_8);
    assertThat(TopLevelField.replaceString(none, "model", "m")).isSameAs(none);
  }
}
