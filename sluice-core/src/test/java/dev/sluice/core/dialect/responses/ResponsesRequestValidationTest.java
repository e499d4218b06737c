package dev.sluice.core.dialect.responses;

import static dev.sluice.core.dialect.responses.ResponsesTesting.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.core.error.ErrorKind;
import dev.sluice.core.error.GatewayException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Invalid Responses bodies: a 400 with OpenAI's param path and code, never another exception. */
class ResponsesRequestValidationTest {
  private final ResponsesDialect dialect = ResponsesTesting.dialect();

  private GatewayException rejected(byte[] body) {
    GatewayException e = catchThrowableOfType(GatewayException.class, () -> dialect.decodeRequest(body));
    assertThat(e).as("expected a rejection of %s", new String(body, 0, Math.min(body.length, 300),
        StandardCharsets.UTF_8)).isNotNull();
    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    return e;
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      {'input':'hi'}                                                                         | model                          | missing_required_parameter
      {'model':'','input':'hi'}                                                              | model                          | string_below_min_length
      {'model':7,'input':'hi'}                                                               | model                          | invalid_type
      {'model':'m'}                                                                          | input                          | missing_required_parameter
      {'model':'m','input':5}                                                                | input                          | invalid_type
      {'model':'m','input':[]}                                                               | input                          | empty_array
      {'model':'m','input':['hi']}                                                           | input[0]                       | invalid_type
      {'model':'m','input':[{'content':'hi'}]}                                               | input[0].role                  | missing_required_parameter
      {'model':'m','input':[{'role':'robot','content':'hi'}]}                                | input[0].role                  | invalid_value
      {'model':'m','input':[{'role':'user'}]}                                                | input[0].content               | missing_required_parameter
      {'model':'m','input':[{'role':'user','content':[]}]}                                   | input[0].content               | empty_array
      {'model':'m','input':[{'role':'user','content':'a'},{'role':'assistant','content':'b'},{'role':'user','content':[{'type':'input_audio'}]}]} | input[2].content[0].type | invalid_value
      {'model':'m','input':[{'role':'user','content':[{'type':'input_text'}]}]}              | input[0].content[0].text       | missing_required_parameter
      {'model':'m','input':[{'role':'user','content':[{'type':'input_text','text':5}]}]}     | input[0].content[0].text       | invalid_type
      {'model':'m','input':[{'role':'user','content':[{'type':'input_image','file_id':'file-1'}]}]} | input[0].content[0].file_id | unsupported_value
      {'model':'m','input':[{'role':'user','content':[{'type':'input_image'}]}]}             | input[0].content[0].image_url  | missing_required_parameter
      {'model':'m','input':[{'role':'user','content':[{'type':'input_image','image_url':'ftp://x/y.png'}]}]} | input[0].content[0].image_url | invalid_value
      {'model':'m','input':[{'role':'user','content':[{'type':'input_image','image_url':'data:;base64,AAAA'}]}]} | input[0].content[0].image_url | invalid_value
      {'model':'m','input':[{'role':'user','content':[{'type':'input_image','image_url':'https://x/y.png','detail':'max'}]}]} | input[0].content[0].detail | invalid_value
      {'model':'m','input':[{'role':'user','content':[{'type':'input_file','file_data':'JVBER'}]}]} | input[0].content[0].type | unsupported_value
      {'model':'m','input':[{'role':'assistant','content':[{'type':'input_image','image_url':'https://x/y.png'}]}]} | input[0].content[0].type | invalid_value
      {'model':'m','input':[{'role':'system','content':[{'type':'input_image','image_url':'https://x/y.png'}]}]} | input[0].content[0].type | unsupported_value
      {'model':'m','input':[{'role':'user','content':[{'type':'output_text','text':'x'}]}]}  | input[0].content[0].type       | invalid_value
      {'model':'m','input':[{'type':'function_call','call_id':'c','arguments':'{}'}]}        | input[0].name                  | missing_required_parameter
      {'model':'m','input':[{'type':'function_call','call_id':'c','name':'f'}]}              | input[0].arguments             | missing_required_parameter
      {'model':'m','input':[{'type':'function_call_output','call_id':'c','output':'x'}]}     | input[0].call_id               | invalid_value
      {'model':'m','input':[{'type':'function_call','call_id':'c','name':'f','arguments':'{}'},{'type':'function_call_output','call_id':'c'}]} | input[1].output | missing_required_parameter
      {'model':'m','input':[{'type':'function_call','call_id':'c','name':'f','arguments':'{}'},{'type':'function_call_output','call_id':'c','output':7}]} | input[1].output | invalid_type
      {'model':'m','input':[{'type':'item_reference','id':'msg_1'}]}                         | input[0].type                  | unsupported_value
      {'model':'m','input':[{'type':'web_search_call','id':'ws_1'}]}                         | input[0].type                  | unsupported_value
      {'model':'m','input':[{'type':'banana'}]}                                              | input[0].type                  | invalid_value
      {'model':'m','input':[{'type':'reasoning','summary':[{'type':'summary_text'}]}]}       | input[0].summary[0].text       | missing_required_parameter
      {'model':'m','input':'x','tools':[{'type':'web_search'}]}                              | tools[0].type                  | unsupported_value
      {'model':'m','input':'x','tools':[{'type':'function','name':'ok'},{'type':'file_search','vector_store_ids':['vs']}]} | tools[1].type | unsupported_value
      {'model':'m','input':'x','tools':[{'type':'function'}]}                                | tools[0].name                  | missing_required_parameter
      {'model':'m','input':'x','tools':[{'type':'function','name':'get weather'}]}           | tools[0].name                  | invalid_value
      {'model':'m','input':'x','tools':[{'type':'function','name':'f','parameters':'{}'}]}   | tools[0].parameters            | invalid_type
      {'model':'m','input':'x','tools':[{'type':'function','name':'f','strict':'yes'}]}      | tools[0].strict                | invalid_type
      {'model':'m','input':'x','tools':{'type':'function','name':'f'}}                       | tools                          | invalid_type
      {'model':'m','input':'x','tool_choice':'any'}                                          | tool_choice                    | invalid_value
      {'model':'m','input':'x','tool_choice':'required'}                                     | tool_choice                    | invalid_value
      {'model':'m','input':'x','tools':[{'type':'function','name':'f'}],'tool_choice':{'type':'function','name':'g'}} | tool_choice.name | invalid_value
      {'model':'m','input':'x','tool_choice':{'type':'web_search_preview'}}                  | tool_choice.type               | unsupported_value
      {'model':'m','input':'x','previous_response_id':'resp_1'}                              | previous_response_id           | unsupported_parameter
      {'model':'m','input':'x','conversation':'conv_1'}                                      | conversation                   | unsupported_parameter
      {'model':'m','input':'x','prompt':{'id':'pmpt_1'}}                                     | prompt                         | unsupported_parameter
      {'model':'m','input':'x','background':true}                                            | background                     | unsupported_parameter
      {'model':'m','input':'x','store':'yes'}                                                | store                          | invalid_type
      {'model':'m','input':'x','stream':'yes'}                                               | stream                         | invalid_type
      {'model':'m','input':'x','temperature':2.5}                                            | temperature                    | decimal_above_max_value
      {'model':'m','input':'x','temperature':'hot'}                                          | temperature                    | invalid_type
      {'model':'m','input':'x','top_p':-1}                                                   | top_p                          | integer_below_min_value
      {'model':'m','input':'x','max_output_tokens':0}                                        | max_output_tokens              | integer_below_min_value
      {'model':'m','input':'x','max_output_tokens':16.5}                                     | max_output_tokens              | invalid_type
      {'model':'m','input':'x','max_output_tokens':99999999999999999999999}                  | max_output_tokens              | integer_above_max_value
      {'model':'m','input':'x','max_output_tokens':-99999999999999999999999}                 | max_output_tokens              | integer_below_min_value
      {'model':'m','input':'x','text':{'format':{'type':'xml'}}}                             | text.format.type               | invalid_value
      {'model':'m','input':'x','text':{'format':{'type':'json_schema','name':'p'}}}          | text.format.schema             | missing_required_parameter
      {'model':'m','input':'x','text':{'format':{'type':'json_schema','schema':{}}}}         | text.format.name               | missing_required_parameter
      {'model':'m','input':'x','text':'json'}                                                | text                           | invalid_type
      {'model':'m','input':'x','reasoning':{'effort':'extreme'}}                             | reasoning.effort               | invalid_value
      {'model':'m','input':'x','metadata':{'k':1}}                                           | metadata.k                     | invalid_type
      {'model':'m','input':'x','instructions':['be brief']}                                  | instructions                   | invalid_type
      {'model':'m','input':'x','user':5}                                                     | user                           | invalid_type
      """)
  void rejectsWithParamPathAndCode(String singleQuoted, String param, String code) {
    GatewayException e = rejected(body(singleQuoted));

    assertThat(e.param()).isEqualTo(param);
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.getMessage()).isNotBlank();
  }

  @Test
  void previousResponseIdSaysNothingIsStored() {
    GatewayException e = rejected(body("{'model':'m','input':'x','previous_response_id':'resp_1'}"));

    assertThat(e.getMessage()).contains("not supported").contains("does not store responses")
        .contains("send the full input");
  }

  @Test
  void hostedToolIsNamedInTheMessage() {
    GatewayException e = rejected(body("{'model':'m','input':'x','tools':[{'type':'web_search'}]}"));

    assertThat(e.getMessage()).contains("tools[0].type").contains("web_search").contains("function tools only");
  }

  @Test
  void notJsonIsUnparseable() {
    GatewayException e = rejected("{\"model\": ".getBytes(StandardCharsets.UTF_8));

    assertThat(e.param()).isNull();
    assertThat(e.getMessage()).startsWith("We could not parse the JSON body of your request.");
  }

  @Test
  void aBodyThatIsNotAnObjectOrIsEmpty() {
    assertThat(rejected(body("['model']")).getMessage()).contains("single JSON object");
    assertThat(rejected(new byte[0]).getMessage()).contains("single JSON object");
  }

  @Test
  void trailingContentIsUnparseable() {
    assertThat(rejected(body("{'model':'m','input':'x'} {}")).param()).isNull();
  }

  @Test
  void duplicateKeysAreRefused() {
    GatewayException e = rejected(body("{'model':'cheap','input':'x','model':'dear'}"));

    assertThat(e.getMessage()).contains("Duplicate field 'model'");
  }

  @Test
  void deepNestingIsRefusedBeforeItCostsStack() {
    String deep = "[".repeat(5_000) + "]".repeat(5_000);
    GatewayException e = rejected(body("{'model':'m','input':'x','tools':[{'type':'function','name':'f',"
        + "'parameters':{'a':" + deep + "}}]}"));

    assertThat(e.getMessage()).contains("size limit").contains("nesting depth");
  }

  /** A body of a million tiny values would cost far more heap as a tree than as bytes: the token cap stops it. */
  @Test
  void tooManyTokensAreRefusedBeforeTheTreeGrows() {
    StringBuilder sb = new StringBuilder("{\"model\":\"m\",\"input\":\"x\",\"metadata\":{\"k\":\"v\"},\"junk\":[");
    sb.append("0,".repeat(1_100_000)).append("0]}");
    GatewayException e = rejected(sb.toString().getBytes(StandardCharsets.US_ASCII));

    assertThat(e.getMessage()).contains("size limit").contains("Token count");
  }

  @Test
  void tooManyItemsAreRefused() {
    String item = "{'role':'user','content':'x'},";
    String items = item.repeat(InputDecoder.MAX_ITEMS + 1);
    GatewayException e = rejected(body("{'model':'m','input':[" + items.substring(0, items.length() - 1) + "]}"));

    assertThat(e.param()).isEqualTo("input");
    assertThat(e.code()).isEqualTo("array_above_max_length");
  }

  @Test
  void tooManyMetadataPairs() {
    StringBuilder pairs = new StringBuilder();
    for (int i = 0; i < 17; i++) {
      pairs.append(i == 0 ? "" : ",").append("'k").append(i).append("':'v'");
    }
    GatewayException e = rejected(body("{'model':'m','input':'x','metadata':{" + pairs + "}}"));

    assertThat(e.param()).isEqualTo("metadata");
  }
}
