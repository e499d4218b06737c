package dev.sluice.core.dialect.anthropic;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.stream.Fixtures;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The grammar checker the encoder tests rely on accepts Anthropic's own streams and refuses broken ones. */
class AnthropicSseGrammarTest {
  private static final String START = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"content\":[]}}\n\n";
  private static final String END = "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
      + "\"usage\":{\"output_tokens\":1}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String block(int index, String type, String deltaType) {
    return "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":" + index
        + ",\"content_block\":{\"type\":\"" + type + "\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":" + index
        + ",\"delta\":{\"type\":\"" + deltaType + "\"}}\n\n"
        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":" + index + "}\n\n";
  }

  @ParameterizedTest
  @ValueSource(strings = {"stream-text.sse", "stream-tool-use.sse", "stream-thinking.sse", "stream-error-midstream.sse"})
  void acceptsTheFixtures(String fixture) {
    assertThatCode(() -> AnthropicSseGrammar.check(Fixtures.bytes("anthropic/" + fixture))).doesNotThrowAnyException();
  }

  @Test
  void acceptsAWellFormedStream() {
    assertThatCode(() -> AnthropicSseGrammar.check(utf8(START + block(0, "text", "text_delta") + END)))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesBrokenStreams() {
    assertThatThrownBy(() -> AnthropicSseGrammar.check(utf8(START + block(1, "text", "text_delta") + END)))
        .as("index not from 0").isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> AnthropicSseGrammar.check(utf8(START + block(0, "text", "input_json_delta") + END)))
        .as("delta of another kind").isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> AnthropicSseGrammar.check(utf8(START + block(0, "text", "text_delta"))))
        .as("no message_stop").isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> AnthropicSseGrammar.check(utf8(START.replace("event: message_start", "event: message")
        + END))).as("event name differs from type").isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> AnthropicSseGrammar.check(utf8(START + END + block(0, "text", "text_delta"))))
        .as("content after the end").isInstanceOf(AssertionError.class);
    String overlapping = START
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\"}}\n\n"
        + block(1, "text", "text_delta") + END;
    assertThatThrownBy(() -> AnthropicSseGrammar.check(utf8(overlapping))).as("overlapping blocks")
        .isInstanceOf(AssertionError.class);
  }
}
