package dev.sluice.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads the reference bodies under {@code src/main/resources/wire/} (copied unchanged from {@code shared/wire/}).
 * The fakes build every response by editing a copy of one of these templates, so a field the real provider sends
 * is never forgotten and never invented. Parsed once, handed out as deep copies (callers mutate them).
 */
final class WireFixtures {
  static final ObjectMapper JSON = new ObjectMapper();

  private static final Map<String, ObjectNode> JSON_CACHE = new ConcurrentHashMap<>();
  private static final Map<String, List<ObjectNode>> SSE_CACHE = new ConcurrentHashMap<>();

  private WireFixtures() {}

  /** A fresh, mutable copy of {@code wire/<path>}, e.g. {@code openai/chat-completion.json}. */
  static ObjectNode json(String path) {
    return JSON_CACHE.computeIfAbsent(path, p -> parse(read(p))).deepCopy();
  }

  /** The JSON {@code data:} payloads of a data-only SSE fixture, in order, without the final {@code [DONE]}. */
  static List<ObjectNode> sseEvents(String path) {
    List<ObjectNode> events = SSE_CACHE.computeIfAbsent(path, p -> parseSse(read(p)));
    List<ObjectNode> copies = new ArrayList<>(events.size());
    for (ObjectNode event : events) {
      copies.add(event.deepCopy());
    }
    return copies;
  }

  /** Compact JSON, as upstream sends it. */
  static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<ObjectNode> parseSse(String text) {
    List<ObjectNode> events = new ArrayList<>();
    for (String line : text.split("\r?\n")) {
      if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
        events.add(parse(line.substring("data: ".length())));
      }
    }
    return List.copyOf(events);
  }

  private static ObjectNode parse(String text) {
    try {
      return (ObjectNode) JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("bad wire fixture", e);
    }
  }

  private static String read(String path) {
    String resource = "/wire/" + path;
    try (InputStream in = WireFixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing wire fixture " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
