package dev.sluice.core.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.canonical.FinishReason;
import dev.sluice.core.canonical.StreamEvent;
import dev.sluice.core.model.Usage;
import dev.sluice.core.model.UsageSource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Azure OpenAI's chat stream: OpenAI's chunks with {@code content_filter_results} in each choice, opened by a chunk
 * that holds only the prompt's filter verdict ({@code id} and {@code model} empty, {@code choices} empty).
 */
class OpenAiChatCodecAzureStreamTest {
  private static final String ID = "chatcmpl-AzR3xQ7mK2pL9vN4tB8wY1cD5fG6h";
  private static final String MODEL = "gpt-4o-2024-11-20";
  private static final String SAFE = "{'hate':{'filtered':false,'severity':'safe'},"
      + "'self_harm':{'filtered':false,'severity':'safe'},'sexual':{'filtered':false,'severity':'safe'},"
      + "'violence':{'filtered':false,'severity':'safe'}}";
  private static final String STREAM = sse(
      "{'choices':[],'created':0,'id':'','model':'','object':'','prompt_filter_results':[{'prompt_index':0,"
          + "'content_filter_results':{'hate':{'filtered':false,'severity':'safe'},"
          + "'jailbreak':{'filtered':false,'detected':false}}}]}",
      chunk("{'content':'','refusal':null,'role':'assistant'}", "{}", null),
      chunk("{'content':'Hello'}", SAFE, null),
      chunk("{'content':' there'}", SAFE, null),
      chunk("{}", "{}", "'stop'"),
      "{'choices':[],'created':1732000000,'id':'" + ID + "','model':'" + MODEL + "','object':'chat.completion.chunk',"
          + "'system_fingerprint':'fp_a1b2c3','usage':{'completion_tokens':2,'prompt_tokens':11,'total_tokens':13}}",
      "[DONE]");

  private static String chunk(String delta, String filter, String finish) {
    return "{'choices':[{'content_filter_results':" + filter + ",'delta':" + delta + ",'finish_reason':" + finish
        + ",'index':0,'logprobs':null}],'created':1732000000,'id':'" + ID + "','model':'" + MODEL
        + "','object':'chat.completion.chunk','system_fingerprint':'fp_a1b2c3'}";
  }

  private static String sse(String... chunks) {
    StringBuilder body = new StringBuilder();
    for (String chunk : chunks) {
      body.append("data: ").append(chunk.replace('\'', '"')).append("\n\n");
    }
    return body.toString();
  }

  private static final List<StreamEvent> EXPECTED = List.of(
      new StreamEvent.Start(ID, MODEL),
      new StreamEvent.TextDelta("Hello"),
      new StreamEvent.TextDelta(" there"),
      new StreamEvent.Finish(FinishReason.STOP, null),
      new StreamEvent.UsageReport(new Usage(11, 0, 0, 2, 0, UsageSource.REPORTED)),
      StreamEvent.END);

  @Test
  void thePromptVerdictChunkIsNotTheStart_theAnswersIdIs() {
    assertThat(OpenAiChatCodecStreamTest.decode(STREAM.getBytes(StandardCharsets.UTF_8))).isEqualTo(EXPECTED);
  }

  @Test
  void anySplitGivesTheSameEvents() {
    byte[] body = STREAM.getBytes(StandardCharsets.UTF_8);
    for (int cut = 1; cut < body.length; cut++) {
      assertThat(OpenAiChatCodecStreamTest.decode(body, cut)).as("cut at %d", cut).isEqualTo(EXPECTED);
    }
  }

  @Test
  void aStreamOfOnlyTheVerdictStillHasTheCanonicalGrammar() {
    String verdictOnly = STREAM.substring(0, STREAM.indexOf("\n\n") + 2) + "data: [DONE]\n\n";

    assertThat(OpenAiChatCodecStreamTest.decode(verdictOnly.getBytes(StandardCharsets.UTF_8))).containsExactly(
        new StreamEvent.Start(null, null), new StreamEvent.Finish(FinishReason.STOP, null), StreamEvent.END);
  }

  @Test
  void aChunkWithAnEmptyIdButContentStillStarts() {
    // Not Azure's verdict chunk (it has choices): some hosts send no id at all; the text must not wait for one.
    String noId = sse("{'id':'','choices':[{'index':0,'delta':{'content':'Hi'},'finish_reason':'stop'}]}", "[DONE]");

    assertThat(OpenAiChatCodecStreamTest.decode(noId.getBytes(StandardCharsets.UTF_8))).containsExactly(
        new StreamEvent.Start("", null), new StreamEvent.TextDelta("Hi"), new StreamEvent.Finish(FinishReason.STOP,
            null), StreamEvent.END);
  }
}
