package dev.sluice.core.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.EmbeddingRequest;
import dev.sluice.core.canonical.EmbeddingResponse;
import dev.sluice.core.canonical.Message;
import dev.sluice.core.canonical.ProviderAccess;
import dev.sluice.core.canonical.Role;
import dev.sluice.core.canonical.UpstreamCall;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.stream.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GeminiCodecTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final GeminiCodec codec = new GeminiCodec(GeminiRequests.ACCESS);
  private final ChatRequest hi = GeminiRequests.of(List.of(), List.of(Message.text(Role.USER, "Hi")));

  @Test
  void chatPaths_unaryAndStream_noExtraHeaders() {
    UpstreamCall unary = codec.chatCall(hi, "gemini-2.5-flash");
    UpstreamCall stream = codec.chatCall(GeminiRequests.streaming(hi), "gemini-2.5-flash");

    assertThat(unary.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
    assertThat(stream.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    assertThat(unary.headers()).isEmpty();
    assertThat(stream.body()).isEqualTo(unary.body()); // streaming is chosen by the path alone
  }

  @Test
  void apiVersionOption_resourceNames_andEncoding() {
    GeminiCodec v1 = new GeminiCodec(new ProviderAccess("h", "", "k", Map.of("api_version", "v1")));

    assertThat(v1.chatCall(hi, "gemini-2.0-flash").path()).isEqualTo("/v1/models/gemini-2.0-flash:generateContent");
    assertThat(codec.chatCall(hi, "models/gemini-2.5-pro").path())
        .isEqualTo("/v1beta/models/gemini-2.5-pro:generateContent");
    assertThat(codec.chatCall(hi, "tunedModels/my-model-42").path())
        .isEqualTo("/v1beta/tunedModels/my-model-42:generateContent");
    assertThat(codec.chatCall(hi, "odd name?").path()).isEqualTo("/v1beta/models/odd%20name%3F:generateContent");
  }

  @Test
  void errorMessage_fromGoogleErrorBodies() {
    assertThat(codec.errorMessage(400, Fixtures.bytes("gemini/error-400.json")))
        .isEqualTo("API key not valid. Please pass a valid API key.");
    assertThat(codec.errorMessage(429, bytes("""
        [{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}]""")))
        .isEqualTo("Resource has been exhausted (e.g. check quota).");
    assertThat(codec.errorMessage(502, bytes("<html>Bad Gateway</html>"))).isNull();
    assertThat(codec.errorMessage(500, bytes("{\"error\":\"string\"}"))).isNull();
    assertThat(codec.errorMessage(500, new byte[0])).isNull();
  }

  @Test
  void errorMessage_neverCarriesAKey() {
    String message = codec.errorMessage(400, bytes("""
        {"error":{"code":400,"message":"Key AIzaSyTEST-not-a-real-key-0123456789ab and AIzaSyOTHERxxxxxxxxxxxxxxxxxxxxxxxxxxx are bad; AIza alone is fine","status":"INVALID_ARGUMENT"}}"""));

    assertThat(message).isEqualTo("Key [redacted] and [redacted] are bad; AIza alone is fine");
  }

  @Test
  void embeddings_batchCall_andDecode() throws Exception {
    UpstreamCall call = codec.embeddingsCall(new EmbeddingRequest("caller", List.of("alpha", "beta"), 3),
        "gemini-embedding-001");

    assertThat(call.path()).isEqualTo("/v1beta/models/gemini-embedding-001:batchEmbedContents");
    assertThat(JSON.readTree(call.body())).isEqualTo(JSON.readTree("""
        {"requests":[
          {"model":"models/gemini-embedding-001","content":{"parts":[{"text":"alpha"}]},"outputDimensionality":3},
          {"model":"models/gemini-embedding-001","content":{"parts":[{"text":"beta"}]},"outputDimensionality":3}]}"""));
    assertThat(JSON.readTree(codec.embeddingsCall(new EmbeddingRequest("c", List.of("a"), null), "m").body())
        .at("/requests/0").has("outputDimensionality")).isFalse();

    EmbeddingResponse response = codec.decodeEmbeddings(bytes("""
        {"embeddings":[{"values":[0.25,-0.5,1]},{"values":[0,0.125,-1]}]}"""));
    assertThat(response.vectors()).hasSize(2);
    assertThat(response.vectors().get(0)).containsExactly(0.25f, -0.5f, 1f);
    assertThat(response.vectors().get(1)).containsExactly(0f, 0.125f, -1f);
    assertThat(response.inputTokens()).isZero();
    assertThat(codec.decodeEmbeddings(bytes("""
        {"embeddings":[{"values":[1]}],"usageMetadata":{"promptTokenCount":7}}""")).inputTokens()).isEqualTo(7);
  }

  @Test
  void embeddings_malformed() {
    assertThatThrownBy(() -> codec.decodeEmbeddings(bytes("{}"))).isInstanceOf(GatewayException.class);
    assertThatThrownBy(() -> codec.decodeEmbeddings(bytes("{\"embeddings\":[{\"values\":[\"x\"]}]}")))
        .isInstanceOf(GatewayException.class);
    assertThatThrownBy(() -> codec.decodeEmbeddings(bytes("{\"embeddings\":[{}]}"))).isInstanceOf(GatewayException.class);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
