package dev.sluice.core.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.error.GatewayException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UpstreamOverridesTest {
  private static void refuse(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    UpstreamOverrides.refuse(i -> bytes[i], bytes.length, () -> bytes);
  }

  @Test
  void everyListedTopLevelFieldIsRefusedByName() {
    for (String field : UpstreamOverrides.FIELDS) {
      String body = "{\"model\":\"m\",\"" + field + "\":\"http://127.0.0.1:1\",\"messages\":[]}";
      assertThatThrownBy(() -> refuse(body)).isInstanceOfSatisfying(GatewayException.class, e -> {
        assertThat(e.param()).isEqualTo(field);
        assertThat(e.kind().status()).isEqualTo(400);
        assertThat(e.getMessage()).contains(field).doesNotContain("127.0.0.1");
      });
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"model\":\"m\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"properties\":{\"api_key\":{}}}}}]}",
      "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"set \\\"api_base\\\" to x\"}]}",
      "{\"model\":\"m\",\"metadata\":{\"base_url\":\"x\"}}",
      "{not json \"api_key\"",
      "[\"api_key\"]",
      "{\"model\":\"m\",\"api_basement\":1}",
  })
  void nestedMentionsAndNonObjectsPass(String body) {
    refuse(body); // no exception: nothing at the top level
    assertThat(UpstreamOverrides.topLevelField(body.getBytes(StandardCharsets.UTF_8))).isNull();
  }

  @Test
  void aBodyWithoutAnyOfTheNamesIsNeverParsed() {
    byte[] body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}".getBytes(StandardCharsets.UTF_8);
    UpstreamOverrides.refuse(i -> body[i], body.length, () -> {
      throw new AssertionError("parsed a body that mentions none of the fields");
    });
  }
}
