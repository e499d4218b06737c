package dev.sluice.core.dialect.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.stream.SseEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An event that is not framed as a JSON object fails the passthrough stream instead of reaching the client. */
class OpenAiStreamRelayFramingTest {

  @ParameterizedTest
  @ValueSource(strings = {"{\"id\":\"chatcmpl-1\",\"choices\":[{\"delta\":{\"content\":\"Hel", "<html>oops</html>",
      "oops", "[1,2]"})
  void aBrokenEventFailsTheStreamAndIsNotRelayed(String data) {
    OpenAiStreamRelay relay = new OpenAiStreamRelay(false);
    assertThat(relay.onEvent(SseEvent.ofData(data))).isNull();
    assertThat(relay.failed()).isTrue();
    assertThat(relay.errorMessage()).contains("not a JSON object");
  }

  @Test
  void wellFramedEventsAndDoneStillPass() {
    OpenAiStreamRelay relay = new OpenAiStreamRelay(false);
    assertThat(relay.onEvent(SseEvent.ofData(" {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n"))).isNotNull();
    assertThat(relay.onEvent(SseEvent.ofData(""))).isNotNull();
    assertThat(relay.onEvent(SseEvent.ofData("[DONE]"))).isNotNull();
    assertThat(relay.failed()).isFalse();
    assertThat(relay.done()).isTrue();
  }
}
