package dev.sluice.core.dialect.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.Message;
import dev.sluice.core.canonical.Part;
import dev.sluice.core.canonical.ResponseFormat;
import dev.sluice.core.canonical.Role;
import dev.sluice.core.canonical.Thinking;
import dev.sluice.core.canonical.ToolChoice;
import dev.sluice.core.error.ErrorKind;
import dev.sluice.core.error.GatewayException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OpenAI chat body → canonical request, field by field, and the 400s for what cannot be translated. */
class OpenAiChatDialectRequestTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final OpenAiChatDialect dialect = new OpenAiChatDialect();

  private ChatRequest decode(String json) {
    return dialect.decodeRequest(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
  }

  private static String withMessages(String extra) {
    return "{'model':'claude/sonnet','messages':[{'role':'user','content':'Hi'}]" + extra + "}";
  }

  private GatewayException rejected(String json) {
    try {
      decode(json);
    } catch (GatewayException e) {
      assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
      return e;
    }
    throw new AssertionError("accepted: " + json);
  }

  @Test
  void everySettingIsRead() {
    ChatRequest r = decode("{'model':'claude/sonnet','messages':[{'role':'user','content':'Hi'}],"
        + "'max_completion_tokens':300,'max_tokens':100,'temperature':0.25,'top_p':0.9,'top_k':40,"
        + "'stop':['END','STOP'],'seed':42,'presence_penalty':0.5,'frequency_penalty':-0.5,"
        + "'parallel_tool_calls':false,'reasoning_effort':'high','stream':true,"
        + "'stream_options':{'include_usage':true},'user':'u-7','metadata':{'team':'search','env':'prod'}}");
    assertThat(r.model()).isEqualTo("claude/sonnet");
    assertThat(r.system()).isEmpty();
    assertThat(r.messages()).containsExactly(Message.text(Role.USER, "Hi"));
    assertThat(r.maxTokens()).isEqualTo(300); // max_completion_tokens wins over the older max_tokens
    assertThat(r.temperature()).isEqualTo(0.25);
    assertThat(r.topP()).isEqualTo(0.9);
    assertThat(r.topK()).isEqualTo(40);
    assertThat(r.stop()).containsExactly("END", "STOP");
    assertThat(r.seed()).isEqualTo(42L);
    assertThat(r.presencePenalty()).isEqualTo(0.5);
    assertThat(r.frequencyPenalty()).isEqualTo(-0.5);
    assertThat(r.parallelToolCalls()).isFalse();
    assertThat(r.thinking()).isEqualTo(new Thinking(null, "high"));
    assertThat(r.stream()).isTrue();
    assertThat(r.streamUsage()).isTrue();
    assertThat(r.user()).isEqualTo("u-7");
    assertThat(r.metadata()).isEqualTo(Map.of("team", "search", "env", "prod"));
  }

  @Test
  void unsetSettingsStayUnset() {
    ChatRequest r = decode(withMessages(""));
    assertThat(r.maxTokens()).isNull();
    assertThat(r.temperature()).isNull();
    assertThat(r.topP()).isNull();
    assertThat(r.topK()).isNull();
    assertThat(r.stop()).isEmpty();
    assertThat(r.seed()).isNull();
    assertThat(r.presencePenalty()).isNull();
    assertThat(r.frequencyPenalty()).isNull();
    assertThat(r.tools()).isEmpty();
    assertThat(r.toolChoice()).isNull();
    assertThat(r.responseFormat()).isNull();
    assertThat(r.thinking()).isNull();
    assertThat(r.parallelToolCalls()).isNull();
    assertThat(r.stream()).isFalse();
    assertThat(r.streamUsage()).isFalse();
    assertThat(r.user()).isNull();
    assertThat(r.metadata()).isEmpty();
  }

  @Test
  void maxTokensAloneAndStopAsAString() {
    ChatRequest r = decode(withMessages(",'max_tokens':64,'stop':'\\n\\n'"));
    assertThat(r.maxTokens()).isEqualTo(64);
    assertThat(r.stop()).containsExactly("\n\n");
  }

  @Test
  void includeUsageWithoutStreamingIsNoStreamUsage() {
    ChatRequest r = decode(withMessages(",'stream_options':{'include_usage':true}"));
    assertThat(r.stream()).isFalse();
    assertThat(r.streamUsage()).isFalse();
    assertThat(decode(withMessages(",'stream':true")).streamUsage()).isFalse();
  }

  @Test
  void reasoningEffortNoneAsksForNoThinking() {
    assertThat(decode(withMessages(",'reasoning_effort':'none'")).thinking()).isNull();
    assertThat(decode(withMessages(",'reasoning_effort':'minimal'")).thinking())
        .isEqualTo(new Thinking(null, "minimal"));
  }

  @Test
  void systemAndDeveloperMessagesBecomeSystemPartsInOrder() {
    ChatRequest r = decode("{'model':'m','messages':[{'role':'system','content':'Be brief.'},"
        + "{'role':'developer','content':[{'type':'text','text':'Use metric.'},{'type':'text','text':'No emoji.'}]},"
        + "{'role':'user','content':'Hi'},{'role':'system','content':'Late rule.'}]}");
    assertThat(r.system()).containsExactly(Part.Text.of("Be brief."), Part.Text.of("Use metric."),
        Part.Text.of("No emoji."), Part.Text.of("Late rule."));
    assertThat(r.messages()).containsExactly(Message.text(Role.USER, "Hi"));
  }

  @Test
  void userContentPartsWithImagesByUrlAndInline() {
    ChatRequest r = decode("{'model':'m','messages':[{'role':'user','name':'ann','content':["
        + "{'type':'text','text':'What is this?'},"
        + "{'type':'image_url','image_url':{'url':'https://example.com/cat.png','detail':'low'}},"
        + "{'type':'image_url','image_url':{'url':'data:image/jpeg;base64,/9j/4AAQ'}}]}]}");
    assertThat(r.messages()).hasSize(1);
    Message m = r.messages().get(0);
    assertThat(m.role()).isEqualTo(Role.USER);
    assertThat(m.parts()).containsExactly(
        Part.Text.of("What is this?"),
        new Part.Image("https://example.com/cat.png", null, null, "low"),
        new Part.Image(null, "image/jpeg", "/9j/4AAQ", null));
  }

  @Test
  void assistantTurnWithReasoningTextAndToolCallsThenToolResultsNamedAfterTheirCalls() {
    ChatRequest r = decode("{'model':'m','messages':[{'role':'user','content':'Weather?'},"
        + "{'role':'assistant','content':'Checking.','reasoning_content':'Need both cities.','tool_calls':["
        + "{'id':'call_1','type':'function','function':{'name':'get_weather','arguments':'{\\'city\\':\\'Paris\\'}'}},"
        + "{'id':'call_2','type':'function','function':{'name':'get_time','arguments':''}}]},"
        + "{'role':'tool','tool_call_id':'call_2','content':'12:00'},"
        + "{'role':'tool','tool_call_id':'call_1','content':[{'type':'text','text':'18C'}]},"
        + "{'role':'assistant','content':null,'tool_calls':[{'id':'call_3','type':'function',"
        + "'function':{'name':'get_weather','arguments':'{}'}}]}]}");
    assertThat(r.messages()).hasSize(5);
    assertThat(r.messages().get(1)).isEqualTo(new Message(Role.ASSISTANT, List.of(
        new Part.Reasoning("Need both cities.", null, null),
        Part.Text.of("Checking."),
        new Part.ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"),
        new Part.ToolCall("call_2", "get_time", "{}"))));
    assertThat(r.messages().get(2)).isEqualTo(new Message(Role.TOOL,
        List.of(new Part.ToolResult("call_2", "get_time", List.of(Part.Text.of("12:00")), false))));
    assertThat(r.messages().get(3)).isEqualTo(new Message(Role.TOOL,
        List.of(new Part.ToolResult("call_1", "get_weather", List.of(Part.Text.of("18C")), false))));
    assertThat(r.messages().get(4).parts())
        .containsExactly(new Part.ToolCall("call_3", "get_weather", "{}"));
  }

  @Test
  void assistantRefusalPartsAreText() {
    ChatRequest r = decode("{'model':'m','messages':[{'role':'user','content':'x'},{'role':'assistant','content':"
        + "[{'type':'refusal','refusal':'I cannot.'}]},{'role':'user','content':'ok'}]}");
    assertThat(r.messages().get(1)).isEqualTo(Message.text(Role.ASSISTANT, "I cannot."));
  }

  @Test
  void toolsToolChoiceAndResponseFormat() throws Exception {
    ChatRequest r = decode(withMessages(",'tools':[{'type':'function','function':{'name':'get_weather',"
        + "'description':'Weather now','parameters':{'type':'object','properties':{'city':{'type':'string'}},"
        + "'required':['city']},'strict':true}},{'type':'function','function':{'name':'ping'}}],"
        + "'tool_choice':{'type':'function','function':{'name':'get_weather'}},"
        + "'response_format':{'type':'json_schema','json_schema':{'name':'weather','strict':true,"
        + "'schema':{'type':'object','properties':{'t':{'type':'number'}}}}}"));
    assertThat(r.tools()).hasSize(2);
    assertThat(r.tools().get(0).name()).isEqualTo("get_weather");
    assertThat(r.tools().get(0).description()).isEqualTo("Weather now");
    assertThat(r.tools().get(0).parameters()).isEqualTo(JSON.readTree(
        "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}"));
    assertThat(r.tools().get(1).description()).isNull();
    assertThat(r.tools().get(1).parameters()).isNull();
    assertThat(r.toolChoice()).isEqualTo(new ToolChoice.Named("get_weather"));
    ResponseFormat.JsonSchema format = (ResponseFormat.JsonSchema) r.responseFormat();
    assertThat(format.name()).isEqualTo("weather");
    assertThat(format.strict()).isTrue();
    assertThat(format.schema()).isEqualTo(JSON.readTree(
        "{\"type\":\"object\",\"properties\":{\"t\":{\"type\":\"number\"}}}"));
  }

  @Test
  void toolChoiceWordsAndSimpleResponseFormats() {
    assertThat(decode(withMessages(",'tool_choice':'auto'")).toolChoice()).isEqualTo(ToolChoice.AUTO);
    assertThat(decode(withMessages(",'tool_choice':'none'")).toolChoice()).isEqualTo(ToolChoice.NONE);
    assertThat(decode(withMessages(",'tool_choice':'required'")).toolChoice()).isEqualTo(ToolChoice.REQUIRED);
    assertThat(decode(withMessages(",'response_format':{'type':'json_object'}")).responseFormat())
        .isEqualTo(new ResponseFormat.JsonObject());
    assertThat(decode(withMessages(",'response_format':{'type':'text'}")).responseFormat())
        .isEqualTo(ResponseFormat.TEXT);
    ResponseFormat.JsonSchema bare = (ResponseFormat.JsonSchema) decode(withMessages(
        ",'response_format':{'type':'json_schema','json_schema':{'name':'x'}}")).responseFormat();
    assertThat(bare.strict()).isFalse();
    assertThat(bare.schema()).isNull();
  }

  @Test
  void toCanonicalOfAParsedRequestEqualsDecode() {
    String json = withMessages(",'temperature':1,'stream':true").replace('\'', '"');
    OpenAiChatRequest parsed = OpenAiChatRequest.parse(json.getBytes(StandardCharsets.UTF_8));
    assertThat(dialect.toCanonical(parsed)).isEqualTo(decode(json));
  }

  @Test
  void validationOfTheParserComesFirstWithItsParams() {
    assertThat(rejected("{'model':'m'}").param()).isEqualTo("messages");
    assertThat(rejected("{'model':'m','messages':[{'role':'robot','content':'x'}]}").param())
        .isEqualTo("messages[0].role");
    assertThat(rejected("{'model':'m','messages':[{'role':'user','content':'x'}],'temperature':'hot'}").param())
        .isEqualTo("temperature");
  }

  @Test
  void wrongTypesOfWhatOnlyTheTranslationReadsAreRefusedWithTheirPath() {
    GatewayException topP = rejected(withMessages(",'top_p':'high'"));
    assertThat(topP.param()).isEqualTo("top_p");
    assertThat(topP.code()).isEqualTo("invalid_type");
    assertThat(topP.getMessage()).isEqualTo("Invalid type for 'top_p': expected a number, but got a string instead.");
    assertThat(rejected(withMessages(",'seed':1.5")).param()).isEqualTo("seed");
    assertThat(rejected(withMessages(",'stop':[1]")).param()).isEqualTo("stop[0]");
    assertThat(rejected(withMessages(",'stop':5")).param()).isEqualTo("stop");
    assertThat(rejected(withMessages(",'parallel_tool_calls':'yes'")).param()).isEqualTo("parallel_tool_calls");
    assertThat(rejected(withMessages(",'reasoning_effort':3")).param()).isEqualTo("reasoning_effort");
    assertThat(rejected(withMessages(",'tools':[{'type':'custom','custom':{}}]")).param()).isEqualTo("tools[0].type");
    assertThat(rejected(withMessages(",'tools':[{'type':'function'}]")).param()).isEqualTo("tools[0].function");
    assertThat(rejected(withMessages(",'tools':[{'type':'function','function':{'description':'x'}}]")).param())
        .isEqualTo("tools[0].function.name");
    assertThat(rejected(withMessages(",'tool_choice':'sometimes'")).param()).isEqualTo("tool_choice");
    assertThat(rejected(withMessages(",'tool_choice':{'type':'function'}")).param()).isEqualTo("tool_choice.function");
    assertThat(rejected(withMessages(",'response_format':{'type':'yaml'}")).param()).isEqualTo("response_format.type");
    assertThat(rejected(withMessages(",'response_format':{'type':'json_schema'}")).param())
        .isEqualTo("response_format.json_schema");
  }

  @Test
  void messagePartsThatCannotBeTranslatedAreRefusedWithTheirPath() {
    GatewayException audio = rejected("{'model':'m','messages':[{'role':'user','content':[{'type':'input_audio',"
        + "'input_audio':{'data':'AAAA','format':'wav'}}]}]}");
    assertThat(audio.param()).isEqualTo("messages[0].content[0].type");
    assertThat(audio.code()).isEqualTo("invalid_value");
    GatewayException ftp = rejected("{'model':'m','messages':[{'role':'user','content':[{'type':'image_url',"
        + "'image_url':{'url':'ftp://example.com/a.png'}}]}]}");
    assertThat(ftp.param()).isEqualTo("messages[0].content[0].image_url.url");
    GatewayException notBase64 = rejected("{'model':'m','messages':[{'role':'user','content':[{'type':'image_url',"
        + "'image_url':{'url':'data:image/png,rawbytes'}}]}]}");
    assertThat(notBase64.param()).isEqualTo("messages[0].content[0].image_url.url");
    assertThat(rejected("{'model':'m','messages':[{'role':'user','content':[{'type':'image_url'}]}]}").param())
        .isEqualTo("messages[0].content[0].image_url");
    assertThat(rejected("{'model':'m','messages':[{'role':'system','content':[{'type':'image_url',"
        + "'image_url':{'url':'https://x/y.png'}}]},{'role':'user','content':'x'}]}").param())
        .isEqualTo("messages[0].content[0].type");
    assertThat(rejected("{'model':'m','messages':[{'role':'user','content':'x'},{'role':'assistant',"
        + "'tool_calls':[{'type':'function','function':{'name':'f','arguments':'{}'}}]}]}").param())
        .isEqualTo("messages[1].tool_calls[0].id");
    assertThat(rejected("{'model':'m','messages':[{'role':'user','content':'x'},{'role':'tool','content':'y'}]}")
        .param()).isEqualTo("messages[1].tool_call_id");
  }

  @Test
  void aToolResultWithoutAnEarlierCallIsRefusedInOpenAisWords() {
    GatewayException e = rejected("{'model':'m','messages':[{'role':'user','content':'x'},"
        + "{'role':'tool','tool_call_id':'call_9','content':'y'}]}");
    assertThat(e.param()).isEqualTo("messages[1].role");
    assertThat(e.getMessage()).isEqualTo("Invalid parameter: messages with role 'tool' must be a response to a"
        + " preceeding message with 'tool_calls'.");
  }

  @Test
  void severalChoicesAndTheLegacyFunctionsApiAreRefused() {
    assertThat(rejected(withMessages(",'n':2")).param()).isEqualTo("n");
    assertThat(decode(withMessages(",'n':1")).messages()).hasSize(1);
    assertThat(rejected(withMessages(",'functions':[{'name':'f'}]")).param()).isEqualTo("functions");
    assertThat(rejected(withMessages(",'function_call':'auto'")).param()).isEqualTo("function_call");
    assertThat(rejected("{'model':'m','messages':[{'role':'user','content':'x'},"
        + "{'role':'function','name':'f','content':'y'}]}").param()).isEqualTo("messages[1].role");
    assertThat(rejected("{'model':'m','messages':[{'role':'user','content':'x'},{'role':'assistant',"
        + "'function_call':{'name':'f','arguments':'{}'}}]}").param()).isEqualTo("messages[1].function_call");
  }

  @Test
  void settingsOnlyOpenAiHasAreIgnored() {
    ChatRequest r = decode(withMessages(",'logprobs':true,'top_logprobs':2,'logit_bias':{'50256':-100},"
        + "'store':true,'service_tier':'flex','models':['a/b']"));
    assertThat(r.messages()).containsExactly(Message.text(Role.USER, "Hi"));
  }
}
