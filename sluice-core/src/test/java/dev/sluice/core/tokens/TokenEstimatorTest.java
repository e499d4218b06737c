package dev.sluice.core.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TokenEstimatorTest {

  @Test
  void openAiModelsGetTheirOwnEncoding() {
    for (String m : List.of("gpt-4o", "gpt-4o-mini", "gpt-4o-2024-08-06", "gpt-4.1", "gpt-4.1-nano", "gpt-4.5-preview",
        "gpt-5", "gpt-5-mini", "chatgpt-4o-latest", "o1", "o3", "o3-mini", "o4-mini-2025-04-16", "openai/gpt-4o",
        "GPT-4O")) {
      assertThat(TokenEstimator.encodingFor(m)).as(m).isEqualTo(EncodingType.O200K_BASE);
    }
    for (String m : List.of("gpt-4", "gpt-4-turbo", "gpt-4-0613", "gpt-3.5-turbo", "gpt-35-turbo",
        "text-embedding-3-small", "text-embedding-ada-002")) {
      assertThat(TokenEstimator.encodingFor(m)).as(m).isEqualTo(EncodingType.CL100K_BASE);
    }
    for (String m : List.of("claude-sonnet-4", "gemini-2.5-pro", "mistral-large-latest", "deepseek-chat",
        "command-r", "llama-3.3-70b-versatile", "grok-3", "omni-moderation-latest", "o", "ox-1")) {
      assertThat(TokenEstimator.encodingFor(m)).as(m).isNull();
    }
    assertThat(TokenEstimator.encodingFor(null)).isNull();
  }

  @Test
  void countsMatchTheBpe() {
    // tiktoken's README example: "tiktoken is great!" is 6 tokens in cl100k_base
    assertThat(TokenEstimator.estimate("tiktoken is great!", "gpt-4")).isEqualTo(6);
    assertThat(TokenEstimator.estimate("hello world", "gpt-4o")).isEqualTo(2);
    String text = "Sluice meters every token: 日本語のテキストも数えます. <|endoftext|> is plain text here.";
    assertThat(TokenEstimator.estimate(text, "gpt-4o"))
        .isEqualTo(Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE).countTokensOrdinary(text));
    assertThat(TokenEstimator.estimate(text, "gpt-3.5-turbo"))
        .isEqualTo(Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE).countTokensOrdinary(text));
    assertThat(TokenEstimator.estimate(text, "gpt-4o")).as("o200k is denser on Japanese")
        .isLessThan(TokenEstimator.estimate(text, "gpt-4"));
  }

  @Test
  void otherProvidersGetAQuarterOfTheUtf8Bytes() {
    assertThat(TokenEstimator.estimate("abcd", "claude-sonnet-4")).isEqualTo(1);
    assertThat(TokenEstimator.estimate("abcde", "claude-sonnet-4")).isEqualTo(2);
    String mixed = "héllo 日本 🙂 wörld";
    long bytes = mixed.getBytes(StandardCharsets.UTF_8).length;
    assertThat(TokenEstimator.estimate(mixed, "gemini-2.5-flash")).isEqualTo((bytes + 3) / 4);
    assertThat(TokenEstimator.estimate(mixed, null)).isEqualTo((bytes + 3) / 4);
    assertThat(TokenEstimator.estimate("", "gpt-4o")).isZero();
    assertThat(TokenEstimator.estimate(null, "claude-sonnet-4")).isZero();
  }

  @Test
  void isThreadSafe() {
    String text = "The quick brown fox jumps over the lazy dog. ".repeat(50);
    long o200k = TokenEstimator.estimate(text, "gpt-4o");
    long cl100k = TokenEstimator.estimate(text, "gpt-4");
    List<long[]> results = IntStream.range(0, 64).parallel()
        .mapToObj(i -> new long[] {TokenEstimator.estimate(text, "gpt-4o"), TokenEstimator.estimate(text, "gpt-4")})
        .toList();
    assertThat(results).allSatisfy(r -> assertThat(r).containsExactly(o200k, cl100k));
  }
}
