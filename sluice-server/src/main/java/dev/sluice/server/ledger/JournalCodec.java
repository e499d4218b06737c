package dev.sluice.server.ledger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.model.Usage;
import dev.sluice.core.model.UsageSource;
import dev.sluice.core.route.FailureClass;
import dev.sluice.core.usage.AttemptRecord;
import dev.sluice.core.usage.AttemptStart;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Journal entries as JSON lines: one object per line, ending in {@code \n}. The field names are written out
 * here rather than bound from the records, because the journal is a file format that must outlive renames in
 * the code. Nulls are omitted; timestamps are ISO-8601 instants (lossless, unlike epoch milliseconds).
 *
 * <pre>
 * {"t":"start","run":"6f0c..","id":"req_..#1","request_id":"req_..","attempt":1,"key_id":"key_..",...}
 * {"t":"record","run":"6f0c..","id":"req_..#1",...,"outcome":"SERVED","status":200,"usage":{...},...}
 * </pre>
 *
 * <p>Jackson escapes control characters inside strings, so a value can never break a line; UTF-8 never uses
 * the byte {@code 0x0A} inside a multi-byte character, so splitting on it is safe.
 */
final class JournalCodec {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory FACTORY = JSON.getFactory();

  private JournalCodec() {}

  /** The entry as one line, newline included. */
  static byte[] encode(JournalEntry entry) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      switch (entry) {
        case JournalEntry.Started s -> writeStart(g, s);
        case JournalEntry.Ended e -> writeRecord(g, e);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a journal entry", e); // only on a bug: the sink is memory
    }
    out.write('\n');
    return out.toByteArray();
  }

  /** Decodes one line (without its newline). */
  static JournalEntry decode(byte[] bytes, int offset, int length) throws MalformedEntryException {
    JsonNode node;
    try {
      node = JSON.readTree(bytes, offset, length);
    } catch (JsonProcessingException e) {
      throw new MalformedEntryException("not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new MalformedEntryException("not JSON: " + e);
    }
    if (node == null || !node.isObject()) {
      throw new MalformedEntryException("not a JSON object");
    }
    try {
      String run = required(node, "run");
      return switch (required(node, "t")) {
        case "start" -> new JournalEntry.Started(run, readStart(node));
        case "record" -> new JournalEntry.Ended(run, readRecord(node));
        default -> throw new MalformedEntryException("unknown entry type " + node.get("t"));
      };
    } catch (IllegalArgumentException | NullPointerException | DateTimeParseException e) {
      throw new MalformedEntryException(e.toString());
    }
  }

  /** A start as its own JSON object (what the store keeps for a start still waiting for its record). */
  static String encodeStart(String run, AttemptStart start) {
    byte[] line = encode(new JournalEntry.Started(run, start));
    return new String(line, 0, line.length - 1, java.nio.charset.StandardCharsets.UTF_8);
  }

  static AttemptStart decodeStart(String json) throws MalformedEntryException {
    byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (decode(bytes, 0, bytes.length) instanceof JournalEntry.Started s) {
      return s.start();
    }
    throw new MalformedEntryException("not a start entry");
  }

  /** Tags as a JSON object, keys sorted (the store's {@code tags} column). */
  static String tagsJson(Map<String, String> tags) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(tags));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final class MalformedEntryException extends Exception {
    MalformedEntryException(String message) {
      super(message);
    }
  }

  private static void writeStart(JsonGenerator g, JournalEntry.Started entry) throws IOException {
    AttemptStart s = entry.start();
    g.writeStringField("t", "start");
    g.writeStringField("run", entry.run());
    g.writeStringField("id", s.id());
    writeWho(g, s.requestId(), s.attempt(), s.keyId(), s.user(), s.team(), s.org());
    writeWhere(g, s.viaModel(), s.deploymentId(), s.provider(), s.model());
    g.writeBooleanField("streamed", s.streamed());
    writeTags(g, s.tags());
    writeInstant(g, "started_at", s.startedAt());
  }

  private static void writeRecord(JsonGenerator g, JournalEntry.Ended entry) throws IOException {
    AttemptRecord r = entry.record();
    g.writeStringField("t", "record");
    g.writeStringField("run", entry.run());
    g.writeStringField("id", r.id());
    writeWho(g, r.requestId(), r.attempt(), r.keyId(), r.user(), r.team(), r.org());
    writeWhere(g, r.viaModel(), r.deploymentId(), r.provider(), r.model());
    g.writeStringField("outcome", r.outcome().name());
    if (r.failure() != null) {
      g.writeStringField("failure", r.failure().name());
    }
    g.writeNumberField("status", r.status());
    Usage u = r.usage();
    g.writeObjectFieldStart("usage");
    g.writeNumberField("input", u.inputTokens());
    g.writeNumberField("cache_read", u.cacheReadTokens());
    g.writeNumberField("cache_write", u.cacheWriteTokens());
    g.writeNumberField("output", u.outputTokens());
    g.writeNumberField("reasoning", u.reasoningTokens());
    g.writeStringField("source", u.source().name());
    g.writeEndObject();
    g.writeNumberField("cost_nanos", r.costNanos());
    g.writeBooleanField("priced", r.priced());
    g.writeNumberField("latency_ms", r.latencyMillis());
    g.writeNumberField("ttft_ms", r.ttftMillis());
    g.writeBooleanField("streamed", r.streamed());
    writeTags(g, r.tags());
    writeInstant(g, "started_at", r.startedAt());
  }

  private static void writeWho(JsonGenerator g, String requestId, int attempt, String keyId, String user,
      String team, String org) throws IOException {
    g.writeStringField("request_id", requestId);
    g.writeNumberField("attempt", attempt);
    optional(g, "key_id", keyId);
    optional(g, "user", user);
    optional(g, "team", team);
    optional(g, "org", org);
  }

  private static void writeWhere(JsonGenerator g, String viaModel, String deploymentId, String provider,
      String model) throws IOException {
    optional(g, "via_model", viaModel);
    g.writeStringField("deployment_id", deploymentId);
    optional(g, "provider", provider);
    optional(g, "model", model);
  }

  private static void writeTags(JsonGenerator g, Map<String, String> tags) throws IOException {
    if (tags.isEmpty()) {
      return;
    }
    g.writeObjectFieldStart("tags");
    for (Map.Entry<String, String> tag : new TreeMap<>(tags).entrySet()) {
      g.writeStringField(tag.getKey(), tag.getValue());
    }
    g.writeEndObject();
  }

  private static void writeInstant(JsonGenerator g, String name, Instant value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value.toString());
    }
  }

  private static void optional(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  private static AttemptStart readStart(JsonNode n) throws MalformedEntryException {
    return new AttemptStart(required(n, "request_id"), attempt(n), text(n, "key_id"), text(n, "user"),
        text(n, "team"), text(n, "org"), text(n, "via_model"), required(n, "deployment_id"), text(n, "provider"),
        text(n, "model"), n.path("streamed").asBoolean(false), tags(n), instant(n));
  }

  private static AttemptRecord readRecord(JsonNode n) throws MalformedEntryException {
    String failure = text(n, "failure");
    return new AttemptRecord(required(n, "request_id"), attempt(n), text(n, "key_id"), text(n, "user"),
        text(n, "team"), text(n, "org"), text(n, "via_model"), required(n, "deployment_id"), text(n, "provider"),
        text(n, "model"), AttemptRecord.Outcome.valueOf(required(n, "outcome")),
        failure == null ? null : FailureClass.valueOf(failure), n.path("status").asInt(0), usage(n),
        n.path("cost_nanos").asLong(0), n.path("priced").asBoolean(false), n.path("latency_ms").asLong(-1),
        n.path("ttft_ms").asLong(-1), n.path("streamed").asBoolean(false), tags(n), instant(n));
  }

  private static Usage usage(JsonNode n) throws MalformedEntryException {
    JsonNode u = n.get("usage");
    if (u == null || !u.isObject()) {
      throw new MalformedEntryException("record without usage");
    }
    return new Usage(u.path("input").asLong(), u.path("cache_read").asLong(), u.path("cache_write").asLong(),
        u.path("output").asLong(), u.path("reasoning").asLong(), UsageSource.valueOf(required(u, "source")));
  }

  private static int attempt(JsonNode n) throws MalformedEntryException {
    JsonNode a = n.get("attempt");
    if (a == null || !a.canConvertToInt()) {
      throw new MalformedEntryException("missing attempt");
    }
    return a.intValue();
  }

  private static Map<String, String> tags(JsonNode n) {
    JsonNode t = n.get("tags");
    if (t == null || !t.isObject()) {
      return Map.of();
    }
    Map<String, String> tags = new LinkedHashMap<>();
    t.properties().forEach(e -> tags.put(e.getKey(), e.getValue().asText()));
    return tags;
  }

  private static Instant instant(JsonNode n) {
    String s = text(n, "started_at");
    return s == null ? null : Instant.parse(s);
  }

  private static String required(JsonNode n, String field) throws MalformedEntryException {
    String value = text(n, field);
    if (value == null) {
      throw new MalformedEntryException("missing " + field);
    }
    return value;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
