package dev.sluice.core.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Realistic caller request bodies, one per dialect feature, as seeds for the request-parser fuzz. */
public final class RequestSeeds {
  private RequestSeeds() {}

  private static byte[] json(String singleQuoted) {
    return singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
  }

  public static final List<byte[]> OPENAI_CHAT = List.of(
      json("{'model':'openai/gpt-4o-mini','messages':[{'role':'system','content':'Be brief'},"
          + "{'role':'user','content':'Hi'}],'max_tokens':100,'temperature':0.5,'stream':true,"
          + "'stream_options':{'include_usage':true},'n':1,'stop':['x','y'],'logit_bias':{'50256':-100}}"),
      json("{'model':'a','messages':[{'role':'user','content':[{'type':'text','text':'look'},"
          + "{'type':'image_url','image_url':{'url':'data:image/png;base64,iVBORw0KGgo=','detail':'low'}}]},"
          + "{'role':'assistant','content':null,'tool_calls':[{'id':'c1','type':'function',"
          + "'function':{'name':'f','arguments':'{\\'a\\':1}'}}]},{'role':'tool','tool_call_id':'c1','content':'ok'}],"
          + "'tools':[{'type':'function','function':{'name':'f','description':'d','parameters':{'type':'object',"
          + "'properties':{'a':{'type':'integer'}}}}}],'tool_choice':{'type':'function','function':{'name':'f'}},"
          + "'response_format':{'type':'json_schema','json_schema':{'name':'s','schema':{'type':'object'}}},"
          + "'models':['b','c'],'provider':{'order':['x'],'allow_fallbacks':false},'usage':{'include':true},"
          + "'max_completion_tokens':50,'reasoning_effort':'low','seed':7,'user':'u','metadata':{'k':'v'}}"));

  public static final List<byte[]> OPENAI_EMBEDDINGS = List.of(
      json("{'model':'openai/text-embedding-3-small','input':['a','b'],'encoding_format':'base64','dimensions':8}"),
      json("{'model':'e','input':[[1,2,3]],'user':'u'}"));

  public static final List<byte[]> ANTHROPIC = List.of(
      json("{'model':'claude/claude-sonnet-4','max_tokens':2048,'system':[{'type':'text','text':'sys',"
          + "'cache_control':{'type':'ephemeral'}}],'messages':[{'role':'user','content':'Hello'},"
          + "{'role':'assistant','content':[{'type':'thinking','thinking':'hmm','signature':'sig'},"
          + "{'type':'tool_use','id':'t1','name':'f','input':{'a':1}}]},{'role':'user','content':"
          + "[{'type':'tool_result','tool_use_id':'t1','content':[{'type':'text','text':'ok'}],'is_error':false},"
          + "{'type':'image','source':{'type':'base64','media_type':'image/png','data':'iVBORw0KGgo='}}]}],"
          + "'tools':[{'name':'f','description':'d','input_schema':{'type':'object'}}],"
          + "'tool_choice':{'type':'auto'},'thinking':{'type':'enabled','budget_tokens':1024},"
          + "'stop_sequences':['END'],'temperature':1,'top_p':0.9,'top_k':5,'stream':true,"
          + "'metadata':{'user_id':'u'}}"),
      json("{'model':'m','max_tokens':1,'system':'plain','messages':[{'role':'user','content':[{'type':'text',"
          + "'text':'a'}]}]}"));

  public static final List<byte[]> RESPONSES = List.of(
      json("{'model':'openai/gpt-4o-mini','input':'Hello','instructions':'brief','max_output_tokens':100,"
          + "'stream':true,'temperature':0.2,'store':false}"),
      json("{'model':'m','input':[{'role':'user','content':[{'type':'input_text','text':'hi'},"
          + "{'type':'input_image','image_url':'data:image/png;base64,iVBORw0KGgo='}]},"
          + "{'type':'function_call','call_id':'c1','name':'f','arguments':'{}'},"
          + "{'type':'function_call_output','call_id':'c1','output':'ok'},"
          + "{'type':'reasoning','id':'r1','summary':[{'type':'summary_text','text':'s'}]},"
          + "{'type':'message','role':'assistant','content':[{'type':'output_text','text':'x'}]}],"
          + "'tools':[{'type':'function','name':'f','description':'d','parameters':{'type':'object'}}],"
          + "'tool_choice':'auto','text':{'format':{'type':'json_schema','name':'s','schema':{'type':'object'}}},"
          + "'reasoning':{'effort':'low'},'parallel_tool_calls':true,'metadata':{'k':'v'}}"));
}
