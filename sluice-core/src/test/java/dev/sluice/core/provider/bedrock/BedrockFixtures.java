package dev.sluice.core.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.stream.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** The {@code wire/bedrock/} fixtures as the tests need them: binary streams, frames built from JSONL events. */
final class BedrockFixtures {
  static final ObjectMapper JSON = new ObjectMapper();

  private BedrockFixtures() {}

  /** The recorded binary body: 5 event frames and 1 exception frame. */
  static byte[] recordedStream() {
    String b64 = new String(Fixtures.bytes("bedrock/converse-stream.eventstream.bin.b64"), StandardCharsets.US_ASCII);
    return Base64.getMimeDecoder().decode(b64.strip());
  }

  static String text(String name) {
    return new String(Fixtures.bytes("bedrock/" + name), StandardCharsets.UTF_8);
  }

  static byte[] bytes(String name) {
    return Fixtures.bytes("bedrock/" + name);
  }

  /**
   * A binary body made from a {@code .events.jsonl} fixture: each line {@code {"<eventType>": {...}}} becomes one
   * event frame whose payload is the inner object, as Bedrock frames it.
   */
  static byte[] streamFromJsonl(String name) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String line : text(name).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode event = JSON.readTree(line);
        Map.Entry<String, JsonNode> only = event.properties().iterator().next();
        out.writeBytes(EventStreamEncoder.event(only.getKey(), JSON.writeValueAsBytes(only.getValue())));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out.toByteArray();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** The hex dump lines ({@code 000000a0  68 69 ...  |...|}) of the annotated fixture, as bytes. */
  static byte[] annotatedFrame() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String line : text("eventstream-frame-annotated.txt").split("\n")) {
      if (!line.matches("^[0-9a-f]{8}  .*")) {
        continue;
      }
      String hex = line.substring(10, line.indexOf('|')).strip();
      for (String b : hex.split("\\s+")) {
        out.write(Integer.parseInt(b, 16));
      }
    }
    return out.toByteArray();
  }

  /** The "offset N len L headers H type" table of the annotated fixture: {offset, length, headersLength}. */
  static List<int[]> annotatedOffsets() {
    List<int[]> rows = new ArrayList<>();
    for (String line : text("eventstream-frame-annotated.txt").split("\n")) {
      String[] f = line.strip().split("\\s+");
      if (f.length >= 7 && f[0].equals("offset") && f[2].equals("len") && f[4].equals("headers")) {
        rows.add(new int[] {Integer.parseInt(f[1]), Integer.parseInt(f[3]), Integer.parseInt(f[5])});
      }
    }
    return rows;
  }
}
