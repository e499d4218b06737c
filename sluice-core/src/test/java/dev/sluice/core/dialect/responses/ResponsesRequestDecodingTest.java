package dev.sluice.core.dialect.responses;

import static dev.sluice.core.dialect.responses.ResponsesTesting.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.Message;
import dev.sluice.core.canonical.Part;
import dev.sluice.core.canonical.ResponseFormat;
import dev.sluice.core.canonical.Role;
import dev.sluice.core.canonical.Thinking;
import dev.sluice.core.canonical.ToolChoice;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Valid Responses bodies to canonical requests, field by field. */
class ResponsesRequestDecodingTest {
  private final ResponsesDialect dialect = ResponsesTesting.dialect();

  private ChatRequest decode(String singleQuoted) {
    return dialect.decodeRequest(body(singleQuoted));
  }

  @Test
  void stringInputIsOneUserMessage() {
    ChatRequest r = decode("{'model':'gpt-4o-mini','input':'Tell me a joke.'}");

    assertThat(r.model()).isEqualTo("gpt-4o-mini");
    assertThat(r.system()).isEmpty();
    assertThat(r.messages()).containsExactly(Message.text(Role.USER, "Tell me a joke."));
    assertThat(r.stream()).isFalse();
    assertThat(r.streamUsage()).as("response.completed always carries usage").isTrue();
    assertThat(r.maxTokens()).isNull();
    assertThat(r.temperature()).isNull();
    assertThat(r.toolChoice()).isNull();
    assertThat(r.responseFormat()).isNull();
    assertThat(r.thinking()).isNull();
    assertThat(r.tools()).isEmpty();
  }

  @Test
  void instructionsAndSystemAndDeveloperMessagesBecomeSystemInOrder() {
    ChatRequest r = decode("{'model':'m','instructions':'Be brief.','input':["
        + "{'role':'developer','content':'Answer in French.'},"
        + "{'role':'system','content':[{'type':'input_text','text':'No emojis.'}]},"
        + "{'role':'user','content':'Hi'}]}");

    assertThat(r.system()).containsExactly(Part.Text.of("Be brief."), Part.Text.of("Answer in French."),
        Part.Text.of("No emojis."));
    assertThat(r.messages()).containsExactly(Message.text(Role.USER, "Hi"));
  }

  @Test
  void messageItemsWithAndWithoutTypeAndAssistantOutputText() {
    ChatRequest r = decode("{'model':'m','input':["
        + "{'type':'message','role':'user','content':[{'type':'input_text','text':'Hello'}]},"
        + "{'type':'message','id':'msg_1','status':'completed','role':'assistant',"
        + "'content':[{'type':'output_text','text':'Hi there!','annotations':[]}]},"
        + "{'role':'assistant','content':[{'type':'refusal','refusal':'I cannot.'}]},"
        + "{'role':'user','content':'And now?'}]}");

    assertThat(r.messages()).containsExactly(
        Message.text(Role.USER, "Hello"),
        new Message(Role.ASSISTANT, List.of(Part.Text.of("Hi there!"), Part.Text.of("I cannot."))),
        Message.text(Role.USER, "And now?"));
  }

  @Test
  void functionCallRoundGathersTheAssistantTurnAndNamesTheResults() {
    ChatRequest r = decode("{'model':'m','input':["
        + "{'role':'user','content':'Weather in Paris and Rome?'},"
        + "{'type':'reasoning','id':'rs_1','summary':[{'type':'summary_text','text':'Two cities.'}],"
        + "'encrypted_content':'c2lnbmF0dXJl'},"
        + "{'type':'message','role':'assistant','content':[{'type':'output_text','text':'Checking.'}]},"
        + "{'type':'function_call','id':'fc_1','call_id':'call_a','name':'weather','arguments':'{\\'city\\':\\'Paris\\'}'},"
        + "{'type':'function_call','id':'fc_2','call_id':'call_b','name':'weather','arguments':'{\\'city\\':\\'Rome\\'}'},"
        + "{'type':'function_call_output','call_id':'call_a','output':'18C'},"
        + "{'type':'function_call_output','call_id':'call_b','output':[{'type':'input_text','text':'21C'}]}"
        + "],'tools':[{'type':'function','name':'weather','parameters':{'type':'object'}}]}");

    assertThat(r.messages()).hasSize(4);
    assertThat(r.messages().get(1)).isEqualTo(new Message(Role.ASSISTANT, List.of(
        new Part.Reasoning("Two cities.", "c2lnbmF0dXJl", null),
        Part.Text.of("Checking."),
        new Part.ToolCall("call_a", "weather", "{\"city\":\"Paris\"}"),
        new Part.ToolCall("call_b", "weather", "{\"city\":\"Rome\"}"))));
    assertThat(r.messages().get(2)).isEqualTo(new Message(Role.TOOL,
        List.of(new Part.ToolResult("call_a", "weather", List.of(Part.Text.of("18C")), false))));
    assertThat(r.messages().get(3)).isEqualTo(new Message(Role.TOOL,
        List.of(new Part.ToolResult("call_b", "weather", List.of(Part.Text.of("21C")), false))));
  }

  @Test
  void redactedReasoningComesBackAsRedacted() {
    ChatRequest r = decode("{'model':'m','input':[{'role':'user','content':'x'},"
        + "{'type':'reasoning','summary':[],'encrypted_content':'redacted:b3BhcXVl'},"
        + "{'type':'reasoning','summary':[]},"
        + "{'role':'assistant','content':'y'}]}");

    assertThat(r.messages().get(1).parts()).as("an empty reasoning item carries nothing and is dropped")
        .containsExactly(new Part.Reasoning(null, null, "b3BhcXVl"), Part.Text.of("y"));
  }

  @Test
  void imagesByUrlAndDataUrl() {
    ChatRequest r = decode("{'model':'m','input':[{'role':'user','content':["
        + "{'type':'input_text','text':'What is this?'},"
        + "{'type':'input_image','image_url':'https://example.com/cat.png','detail':'high'},"
        + "{'type':'input_image','image_url':'data:image/png;base64,iVBORw0KGgo='}]}]}");

    assertThat(r.messages().getFirst().parts()).containsExactly(
        Part.Text.of("What is this?"),
        new Part.Image("https://example.com/cat.png", null, null, "high"),
        new Part.Image(null, "image/png", "iVBORw0KGgo=", null));
  }

  @Test
  void toolResultMayCarryAnImage() {
    ChatRequest r = decode("{'model':'m','input':["
        + "{'type':'function_call','call_id':'c1','name':'shot','arguments':'{}'},"
        + "{'type':'function_call_output','call_id':'c1','output':[{'type':'input_image',"
        + "'image_url':'https://example.com/s.png'}]}]}");

    Part.ToolResult result = (Part.ToolResult) r.messages().get(1).parts().getFirst();
    assertThat(result.content()).containsExactly(new Part.Image("https://example.com/s.png", null, null, null));
  }

  @Test
  void toolsToolChoiceAndSettings() {
    ChatRequest r = decode("{'model':'m','input':'hi','stream':true,"
        + "'tools':[{'type':'function','name':'get_weather','description':'Weather now',"
        + "'parameters':{'type':'object','properties':{'city':{'type':'string'}},'required':['city']},'strict':true}],"
        + "'tool_choice':{'type':'function','name':'get_weather'},'parallel_tool_calls':false,"
        + "'max_output_tokens':256,'temperature':0.2,'top_p':0.9,'reasoning':{'effort':'low','summary':'auto'},"
        + "'metadata':{'team':'search'},'user':'u-1','store':true,'truncation':'auto','include':[]}");

    assertThat(r.tools()).hasSize(1);
    assertThat(r.tools().getFirst().name()).isEqualTo("get_weather");
    assertThat(r.tools().getFirst().description()).isEqualTo("Weather now");
    assertThat(r.tools().getFirst().parameters().path("required").get(0).asText()).isEqualTo("city");
    assertThat(r.toolChoice()).isEqualTo(new ToolChoice.Named("get_weather"));
    assertThat(r.parallelToolCalls()).isFalse();
    assertThat(r.stream()).isTrue();
    assertThat(r.maxTokens()).isEqualTo(256);
    assertThat(r.temperature()).isEqualTo(0.2);
    assertThat(r.topP()).isEqualTo(0.9);
    assertThat(r.thinking()).isEqualTo(new Thinking(null, "low"));
    assertThat(r.metadata()).isEqualTo(Map.of("team", "search"));
    assertThat(r.user()).isEqualTo("u-1");
  }

  @Test
  void toolChoiceStrings() {
    String tools = ",'tools':[{'type':'function','name':'f'}]";
    assertThat(decode("{'model':'m','input':'x','tool_choice':'auto'" + tools + "}").toolChoice())
        .isEqualTo(ToolChoice.AUTO);
    assertThat(decode("{'model':'m','input':'x','tool_choice':'none'" + tools + "}").toolChoice())
        .isEqualTo(ToolChoice.NONE);
    assertThat(decode("{'model':'m','input':'x','tool_choice':'required'" + tools + "}").toolChoice())
        .isEqualTo(ToolChoice.REQUIRED);
  }

  @Test
  void textFormatJsonSchema() {
    ChatRequest r = decode("{'model':'m','input':'x','text':{'format':{'type':'json_schema','name':'person',"
        + "'schema':{'type':'object','properties':{'age':{'type':'number','minimum':0.50}}},'strict':true},"
        + "'verbosity':'low'}}");

    ResponseFormat.JsonSchema format = (ResponseFormat.JsonSchema) r.responseFormat();
    assertThat(format.name()).isEqualTo("person");
    assertThat(format.strict()).isTrue();
    assertThat(format.schema().toString()).as("the schema passes on as sent, decimals exact")
        .isEqualTo("{\"type\":\"object\",\"properties\":{\"age\":{\"type\":\"number\",\"minimum\":0.50}}}");
  }

  @Test
  void textFormatTextAndJsonObject() {
    assertThat(decode("{'model':'m','input':'x','text':{'format':{'type':'text'}}}").responseFormat())
        .isEqualTo(ResponseFormat.TEXT);
    assertThat(decode("{'model':'m','input':'x','text':{'format':{'type':'json_object'}}}").responseFormat())
        .isInstanceOf(ResponseFormat.JsonObject.class);
  }

  @Test
  void reasoningEffortNoneAsksForNothingAndXhighIsHigh() {
    assertThat(decode("{'model':'m','input':'x','reasoning':{'effort':'none'}}").thinking()).isNull();
    assertThat(decode("{'model':'m','input':'x','reasoning':{'effort':'xhigh'}}").thinking())
        .isEqualTo(new Thinking(null, "high"));
  }

  @Test
  void nullsAreNotGivenAndStoreIsIgnored() {
    ChatRequest r = decode("{'model':'m','input':'x','instructions':null,'tools':null,'tool_choice':null,"
        + "'temperature':null,'max_output_tokens':null,'previous_response_id':null,'store':false,"
        + "'background':false,'metadata':null,'user':null,'text':null,'reasoning':null}");

    assertThat(r.system()).isEmpty();
    assertThat(r.tools()).isEmpty();
    assertThat(r.metadata()).isEmpty();
    assertThat(r.user()).isNull();
  }

  @Test
  void safetyIdentifierStandsInForUser() {
    assertThat(decode("{'model':'m','input':'x','safety_identifier':'hash-1'}").user()).isEqualTo("hash-1");
  }
}
