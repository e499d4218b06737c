package dev.sluice.core.dialect.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sluice.core.route.ProviderPreferences;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads an OpenRouter-style {@code provider} object on its own, with the same rules as inside a request
 * body: used for the routing defaults stored on a virtual key ({@code sluice keys create --routing}).
 */
public final class OpenAiProviderPreferences {
  private OpenAiProviderPreferences() {}

  /**
   * @throws dev.sluice.core.error.GatewayException INVALID_REQUEST naming the bad member
   */
  public static ProviderPreferences parse(String json) {
    try (RequestWalker w = new RequestWalker(json.getBytes(StandardCharsets.UTF_8))) {
      ProviderPreferences preferences = ProviderPreferencesReader.read(w, w.next());
      w.expectEnd();
      return preferences;
    } catch (JsonProcessingException e) {
      throw OpenAiJson.unparseable(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not reachable: the input is in memory
    }
  }
}
