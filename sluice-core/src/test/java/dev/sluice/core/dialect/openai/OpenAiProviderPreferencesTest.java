package dev.sluice.core.dialect.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.error.GatewayException;
import dev.sluice.core.route.ProviderPreferences;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiProviderPreferencesTest {

  @Test
  void readsAStandaloneProviderObject() {
    ProviderPreferences p = OpenAiProviderPreferences.parse(
        "{\"order\":[\"groq\",\"openai\"],\"sort\":\"price\",\"data_collection\":\"deny\",\"max_price\":{\"prompt\":0.5}}");
    assertThat(p.order()).isEqualTo(List.of("groq", "openai"));
    assertThat(p.sort()).isEqualTo(ProviderPreferences.Sort.PRICE);
    assertThat(p.denyDataCollection()).isTrue();
    assertThat(p.maxPrice().promptMicrosPerMTok()).isEqualTo(500_000L);
  }

  @Test
  void rejectsWhatARequestWouldReject() {
    assertThatThrownBy(() -> OpenAiProviderPreferences.parse("{\"sort\":\"fastest\"}"))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.param()).isEqualTo("provider.sort"));
    assertThatThrownBy(() -> OpenAiProviderPreferences.parse("{\"order\":[\"a\"]} trailing"))
        .isInstanceOf(GatewayException.class);
    assertThatThrownBy(() -> OpenAiProviderPreferences.parse("[1]")).isInstanceOf(GatewayException.class);
  }
}
