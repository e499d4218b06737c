package dev.sluice.core.provider.openai;

import static dev.sluice.core.dialect.openai.OpenAiCanonicalFixtures.FIXTURE_CLOCK;
import static dev.sluice.core.dialect.openai.OpenAiCanonicalFixtures.FIXTURE_MODEL;
import static dev.sluice.core.dialect.openai.OpenAiCanonicalFixtures.json;
import static dev.sluice.core.dialect.openai.OpenAiCanonicalFixtures.normalisedBody;
import static dev.sluice.core.dialect.openai.OpenAiCanonicalFixtures.normalisedStream;
import static dev.sluice.core.dialect.openai.OpenAiCanonicalFixtures.parsedStream;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.DialectStreamEncoder;
import dev.sluice.core.canonical.Message;
import dev.sluice.core.canonical.ProviderStreamDecoder;
import dev.sluice.core.canonical.Role;
import dev.sluice.core.canonical.TranslatingStream;
import dev.sluice.core.dialect.openai.OpenAiChatDialect;
import dev.sluice.core.stream.Fixtures;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * OpenAI → canonical → OpenAI: the provider codec's decoders feeding the dialect's encoders give back the
 * recorded fixtures (less what only OpenAI knows), and a request body survives the dialect decode and the
 * codec encode.
 */
class OpenAiChatCodecRoundTripTest {
  private final OpenAiChatCodec codec = OpenAiChatCodecRequestTest.codec(Map.of());
  private final OpenAiChatDialect dialect = new OpenAiChatDialect(FIXTURE_CLOCK);

  private static ChatRequest caller(boolean stream, boolean streamUsage) {
    return new ChatRequest(FIXTURE_MODEL, List.of(), List.of(Message.text(Role.USER, "Hi")), null, null, null, null,
        null, null, null, null, null, null, null, null, null, stream, streamUsage, null, null);
  }

  private byte[] translate(byte[] upstream, int cut) {
    ProviderStreamDecoder decoder = codec.streamDecoder();
    DialectStreamEncoder encoder = dialect.streamEncoder(caller(true, true), 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TranslatingStream stream = new TranslatingStream(decoder, encoder);
    stream.feed(upstream, 0, cut, b -> {
      if (b != null) {
        out.writeBytes(b);
      }
    });
    stream.feed(upstream, cut, upstream.length - cut, b -> {
      if (b != null) {
        out.writeBytes(b);
      }
    });
    stream.endOfInput(b -> {
      if (b != null) {
        out.writeBytes(b);
      }
    });
    assertThat(stream.done()).isTrue();
    assertThat(stream.failed()).isFalse();
    return out.toByteArray();
  }

  @Test
  void streamsComeBackAsRecordedAtEverySplit() {
    for (String name : List.of("chat-completion-stream-text.sse", "chat-completion-stream-tool-calls.sse")) {
      byte[] upstream = Fixtures.bytes("openai/" + name);
      List<JsonNode> expected = normalisedStream(name);
      for (int cut = 0; cut <= upstream.length; cut += 7) {
        assertThat(parsedStream(translate(upstream, cut))).as("%s cut at %d", name, cut)
            .containsExactlyElementsOf(expected);
      }
    }
  }

  @Test
  void streamedTextToolCallsAndUsageMatchTheFixture() {
    List<JsonNode> chunks = parsedStream(translate(Fixtures.bytes("openai/chat-completion-stream-tool-calls.sse"), 0));
    StringBuilder paris = new StringBuilder();
    StringBuilder tokyo = new StringBuilder();
    for (JsonNode chunk : chunks) {
      for (JsonNode call : chunk.at("/choices/0/delta/tool_calls")) {
        (call.get("index").asInt() == 0 ? paris : tokyo).append(call.at("/function/arguments").asText());
      }
    }
    assertThat(json(paris.toString())).isEqualTo(json("{\"city\":\"Paris\",\"unit\":\"celsius\"}"));
    assertThat(json(tokyo.toString())).isEqualTo(json("{\"city\":\"Tokyo\",\"unit\":\"celsius\"}"));
    assertThat(chunks.get(chunks.size() - 2).at("/usage/total_tokens").asInt()).isEqualTo(133);
  }

  @Test
  void unaryAnswersComeBackAsRecorded() {
    for (String name : List.of("chat-completion.json", "chat-completion-tool-calls.json")) {
      byte[] out = dialect.encodeResponse(codec.decodeChat(Fixtures.bytes("openai/" + name)), caller(false, false));
      assertThat(json(out)).as(name).isEqualTo(normalisedBody(name));
    }
  }

  @Test
  void aRequestSurvivesTheDialectAndTheCodec() {
    String original = ("{'model':'gpt-4o-2024-08-06','messages':[{'role':'system','content':'Be brief.'},"
        + "{'role':'user','content':[{'type':'text','text':'What is this?'},"
        + "{'type':'image_url','image_url':{'url':'data:image/png;base64,iVBORw0KGgo=','detail':'high'}}]},"
        + "{'role':'assistant','content':null,'tool_calls':[{'id':'call_1','type':'function',"
        + "'function':{'name':'get_weather','arguments':'{}'}}]},"
        + "{'role':'tool','tool_call_id':'call_1','content':'18C'},"
        + "{'role':'user','content':'Thanks'}],"
        + "'max_tokens':100,'temperature':0.5,'top_p':0.75,'stop':['END'],'seed':7,'presence_penalty':0.25,"
        + "'frequency_penalty':0.125,'tools':[{'type':'function','function':{'name':'get_weather',"
        + "'description':'Weather','parameters':{'type':'object','properties':{}}}}],'parallel_tool_calls':true,"
        + "'tool_choice':{'type':'function','function':{'name':'get_weather'}},"
        + "'response_format':{'type':'json_schema','json_schema':{'name':'w','schema':{'type':'object'},"
        + "'strict':true}},"
        + "'reasoning_effort':'low','user':'u1','stream':true,'stream_options':{'include_usage':true}}")
        .replace('\'', '"');
    ChatRequest canonical = dialect.decodeRequest(original.getBytes(StandardCharsets.UTF_8));
    JsonNode encoded = json(codec.chatCall(canonical, "gpt-4o-2024-08-06").body());
    assertThat(encoded).isEqualTo(json(original));
    assertThat(((ObjectNode) encoded).size()).isEqualTo(((ObjectNode) json(original)).size());
  }
}
