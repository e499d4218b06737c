package dev.sluice.server.ledger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.util.HashMap;
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

  /**
   * Decodes one line (without its newline). A streaming parse into flat field maps rather than a JSON tree:
   * the shipper decodes every line the gateway journals, so this runs once per attempt start and record.
   */
  static JournalEntry decode(byte[] bytes, int offset, int length) throws MalformedEntryException {
    Line n = Line.parse(bytes, offset, length);
    try {
      String run = n.required("run");
      return switch (n.required("t")) {
        case "start" -> new JournalEntry.Started(run, readStart(n));
        case "record" -> new JournalEntry.Ended(run, readRecord(n));
        default -> throw new MalformedEntryException("unknown entry type " + n.text("t"));
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

  private static AttemptStart readStart(Line n) throws MalformedEntryException {
    return new AttemptStart(n.required("request_id"), n.attempt(), n.text("key_id"), n.text("user"),
        n.text("team"), n.text("org"), n.text("via_model"), n.required("deployment_id"), n.text("provider"),
        n.text("model"), n.bool("streamed"), n.tags(), n.instant());
  }

  private static AttemptRecord readRecord(Line n) throws MalformedEntryException {
    String failure = n.text("failure");
    return new AttemptRecord(n.required("request_id"), n.attempt(), n.text("key_id"), n.text("user"),
        n.text("team"), n.text("org"), n.text("via_model"), n.required("deployment_id"), n.text("provider"),
        n.text("model"), AttemptRecord.Outcome.valueOf(n.required("outcome")),
        failure == null ? null : FailureClass.valueOf(failure), (int) n.number("status", 0), n.usage(),
        n.number("cost_nanos", 0), n.bool("priced"), n.number("latency_ms", -1), n.number("ttft_ms", -1),
        n.bool("streamed"), n.tags(), n.instant());
  }

  /** One line's fields: top-level scalars as text, and the {@code usage} and {@code tags} objects. */
  private static final class Line {
    private final Map<String, String> fields = new HashMap<>(32);
    private Map<String, String> usage;
    private Map<String, String> tags;

    static Line parse(byte[] bytes, int offset, int length) throws MalformedEntryException {
      Line line = new Line();
      try (JsonParser p = FACTORY.createParser(bytes, offset, length)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          throw new MalformedEntryException("not a JSON object");
        }
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
          JsonToken value = p.nextToken();
          if (value == JsonToken.START_OBJECT) {
            Map<String, String> inner = object(p);
            switch (name) {
              case "usage" -> line.usage = inner;
              case "tags" -> line.tags = inner;
              default -> { } // a field a later version added: not ours to read
            }
          } else if (value == JsonToken.START_ARRAY) {
            p.skipChildren();
          } else if (value != JsonToken.VALUE_NULL) {
            line.fields.put(name, p.getText());
          }
        }
        if (p.nextToken() != null) {
          throw new MalformedEntryException("more than one JSON value on the line");
        }
      } catch (JsonProcessingException e) {
        throw new MalformedEntryException("not JSON: " + e.getOriginalMessage());
      } catch (IOException e) {
        throw new MalformedEntryException("not JSON: " + e);
      }
      return line;
    }

    private static Map<String, String> object(JsonParser p) throws IOException {
      Map<String, String> out = new LinkedHashMap<>();
      for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
        JsonToken value = p.nextToken();
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
          p.skipChildren();
        } else if (value != JsonToken.VALUE_NULL) {
          out.put(name, p.getText());
        }
      }
      return out;
    }

    String text(String field) {
      return fields.get(field);
    }

    String required(String field) throws MalformedEntryException {
      return required(fields, field);
    }

    long number(String field, long otherwise) {
      return number(fields, field, otherwise);
    }

    boolean bool(String field) {
      return "true".equals(fields.get(field));
    }

    int attempt() throws MalformedEntryException {
      try {
        return Integer.parseInt(required("attempt"));
      } catch (NumberFormatException e) {
        throw new MalformedEntryException("missing attempt");
      }
    }

    Usage usage() throws MalformedEntryException {
      if (usage == null) {
        throw new MalformedEntryException("record without usage");
      }
      return new Usage(number(usage, "input", 0), number(usage, "cache_read", 0), number(usage, "cache_write", 0),
          number(usage, "output", 0), number(usage, "reasoning", 0),
          UsageSource.valueOf(required(usage, "source")));
    }

    Map<String, String> tags() {
      return tags == null ? Map.of() : tags;
    }

    Instant instant() {
      String s = fields.get("started_at");
      return s == null ? null : Instant.parse(s);
    }

    private static String required(Map<String, String> map, String field) throws MalformedEntryException {
      String value = map.get(field);
      if (value == null) {
        throw new MalformedEntryException("missing " + field);
      }
      return value;
    }

    private static long number(Map<String, String> map, String field, long otherwise) {
      String value = map.get(field);
      if (value == null) {
        return otherwise;
      }
      try {
        return Long.parseLong(value);
      } catch (NumberFormatException e) {
        return otherwise;
      }
    }
  }
}
