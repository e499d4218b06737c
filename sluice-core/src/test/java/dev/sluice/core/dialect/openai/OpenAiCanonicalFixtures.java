package dev.sluice.core.dialect.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.stream.Fixtures;
import dev.sluice.core.stream.SseEvent;
import dev.sluice.core.stream.SseParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The OpenAI wire fixtures as the canonical translation writes them back: OpenAI's own facts removed
 * ({@code service_tier}, {@code system_fingerprint}, the audio and prediction token counts), everything else
 * as recorded. Shared by the dialect tests and the codec round trips.
 */
public final class OpenAiCanonicalFixtures {
  public static final ObjectMapper JSON = new ObjectMapper();
  /** The fixtures' {@code created}. */
  public static final InstantSource FIXTURE_CLOCK = InstantSource.fixed(Instant.ofEpochSecond(1_760_000_000L));
  /** The fixtures' {@code model}. */
  public static final String FIXTURE_MODEL = "gpt-4o-mini-2024-07-18";
  public static final String FIXTURE_ID = "chatcmpl-Bx7kQ2nF0aZ9yW3vT6uR1sP4oN8m";

  private OpenAiCanonicalFixtures() {}

  public static JsonNode json(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fixture body ({@code openai/<name>}) without what only OpenAI knows. */
  public static JsonNode normalisedBody(String name) {
    return normalise(json(Fixtures.bytes("openai/" + name)));
  }

  /** Every event of a fixture stream, each chunk normalised; {@code [DONE]} kept as the text node "[DONE]". */
  public static List<JsonNode> normalisedStream(String name) {
    return parsedStream(Fixtures.bytes("openai/" + name)).stream().map(OpenAiCanonicalFixtures::normalise).toList();
  }

  /** SSE bytes → each event's data as JSON ({@code [DONE]} as a text node); the bytes must end cleanly. */
  public static List<JsonNode> parsedStream(byte[] sse) {
    List<SseEvent> events = new ArrayList<>();
    SseParser parser = new SseParser(events::add);
    parser.feed(sse);
    parser.endOfInput();
    assertThat(parser.hasPartialEvent()).as("stream ends with a whole event").isFalse();
    List<JsonNode> out = new ArrayList<>();
    for (SseEvent e : events) {
      assertThat(e.event()).as("data-only events").isNull();
      out.add(e.data().equals("[DONE]") ? JSON.getNodeFactory().textNode("[DONE]") : json(e.data()));
    }
    return out;
  }

  public static JsonNode normalise(JsonNode node) {
    if (!(node instanceof ObjectNode o)) {
      return node;
    }
    ObjectNode copy = o.deepCopy();
    copy.remove("service_tier");
    copy.remove("system_fingerprint");
    JsonNode usage = copy.get("usage");
    if (usage instanceof ObjectNode u) {
      keepOnly(u.get("prompt_tokens_details"), "cached_tokens");
      keepOnly(u.get("completion_tokens_details"), "reasoning_tokens");
    }
    return copy;
  }

  private static void keepOnly(JsonNode details, String field) {
    if (details instanceof ObjectNode d) {
      Iterator<String> names = d.fieldNames();
      while (names.hasNext()) {
        if (!names.next().equals(field)) {
          names.remove();
        }
      }
    }
  }

  /** The member names of an object, in order. */
  public static List<String> keys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }
}
