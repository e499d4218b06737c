package dev.sluice.core.provider.cohere;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.EmbeddingRequest;
import dev.sluice.core.canonical.Message;
import dev.sluice.core.canonical.ProviderAccess;
import dev.sluice.core.canonical.Role;
import dev.sluice.core.canonical.StreamEvent;
import dev.sluice.core.canonical.UpstreamCall;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CohereCodecTest {
  private static final String KEY = "co-secret-key-1234567890";
  private final CohereCodec codec = new CohereCodec(new ProviderAccess("api.cohere.com", "", KEY, Map.of()));

  @Test
  void chatGoesToV2ChatWithoutExtraHeadersAndWithoutTheKey() {
    ChatRequest request = new ChatRequest("alias", List.of(), List.of(Message.text(Role.USER, "Hi")), null, null,
        null, null, null, null, null, null, null, null, null, null, null, false, false, null, null);
    UpstreamCall call = codec.chatCall(request, "command-a-03-2025");
    assertThat(call.path()).isEqualTo("/v2/chat");
    assertThat(call.headers()).isEmpty();
    String body = new String(call.body(), StandardCharsets.UTF_8);
    assertThat(body).contains("\"model\":\"command-a-03-2025\"").doesNotContain(KEY);
  }

  @Test
  void embeddingsGoToV2Embed() {
    UpstreamCall call = codec.embeddingsCall(new EmbeddingRequest("m", List.of("x"), null), "embed-v4.0");
    assertThat(call.path()).isEqualTo("/v2/embed");
    assertThat(call.headers()).isEmpty();
  }

  @Test
  void decodesBothFixturesThroughTheCodec() {
    assertThat(codec.decodeChat(CohereFixtures.bytes("chat.json")).text())
        .isEqualTo("Hello! How can I help you today?");
    List<StreamEvent> events = new ArrayList<>();
    var decoder = codec.streamDecoder();
    byte[] body = CohereFixtures.bytes("chat-stream-text.sse");
    decoder.feed(body, 0, body.length, events::add);
    decoder.endOfInput(events::add);
    assertThat(events).last().isEqualTo(StreamEvent.END);
    assertThat(codec.streamDecoder()).isNotSameAs(decoder);
  }

  @Test
  void errorMessageIsTheFlatMessage() {
    assertThat(codec.errorMessage(401, CohereFixtures.bytes("error-401.json"))).isEqualTo("invalid api token");
    assertThat(codec.errorMessage(429, utf8("{\"id\":\"1\",\"message\":\"You are using a Trial key, which is"
        + " limited to 10 API calls / minute.\"}"))).startsWith("You are using a Trial key");
  }

  @Test
  void errorMessageNeverCarriesTheConfiguredKey() {
    String message = codec.errorMessage(401, utf8("{\"message\":\"bad key " + KEY + " given\"}"));
    assertThat(message).isEqualTo("bad key [redacted] given").doesNotContain(KEY);
  }

  @Test
  void errorMessageIsNullWithoutAMessageAndCutWhenLong() {
    assertThat(codec.errorMessage(502, utf8("<html>bad gateway</html>"))).isNull();
    assertThat(codec.errorMessage(500, utf8("{\"error\":{\"message\":\"nested\"}}"))).isNull();
    assertThat(codec.errorMessage(500, utf8("{\"message\":42}"))).isNull();
    assertThat(codec.errorMessage(500, new byte[0])).isNull();
    assertThat(codec.errorMessage(500, null)).isNull();
    assertThat(codec.errorMessage(400, utf8("{\"message\":\"" + "x".repeat(5000) + "\"}"))).hasSize(1003);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
