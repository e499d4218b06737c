package dev.sluice.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;

/**
 * Frames {@code application/vnd.amazon.eventstream} messages as Bedrock sends them (the testkit does not depend on
 * sluice-core, so it has its own framer; the wire layout is in {@code wire/README.md}): prelude (total length,
 * headers length), prelude CRC-32, string headers (type 7), payload, message CRC-32, all big-endian.
 */
final class FakeBedrockEventStream {
  /** The padding alphabet of the recorded frames: {@code "p":"abcdefgh..."}. */
  private static final String PADDING = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0";

  private FakeBedrockEventStream() {}

  /**
   * An event frame: {@code :event-type}, {@code :content-type}, {@code :message-type: event}, and the event's JSON
   * with the random-length {@code "p"} padding field Bedrock adds (clients ignore it).
   */
  static byte[] event(String eventType, ObjectNode payload) {
    ObjectNode padded = payload.deepCopy();
    padded.put("p", PADDING.substring(0, 1 + ThreadLocalRandom.current().nextInt(PADDING.length())));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(":event-type", eventType);
    headers.put(":content-type", "application/json");
    headers.put(":message-type", "event");
    return frame(headers, WireFixtures.write(padded).getBytes(StandardCharsets.UTF_8));
  }

  /** An exception frame ({@code :message-type: exception}) such as {@code modelStreamErrorException}. */
  static byte[] exception(String exceptionType, ObjectNode payload) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(":exception-type", exceptionType);
    headers.put(":content-type", "application/json");
    headers.put(":message-type", "exception");
    return frame(headers, WireFixtures.write(payload).getBytes(StandardCharsets.UTF_8));
  }

  static byte[] frame(Map<String, String> headers, byte[] payload) {
    ByteArrayOutputStream headerBytes = new ByteArrayOutputStream();
    headers.forEach((name, value) -> {
      byte[] n = name.getBytes(StandardCharsets.UTF_8);
      byte[] v = value.getBytes(StandardCharsets.UTF_8);
      headerBytes.write(n.length);
      headerBytes.writeBytes(n);
      headerBytes.write(7); // string
      headerBytes.write(v.length >>> 8);
      headerBytes.write(v.length);
      headerBytes.writeBytes(v);
    });
    int total = 16 + headerBytes.size() + payload.length;
    ByteBuffer out = ByteBuffer.allocate(total).putInt(total).putInt(headerBytes.size());
    out.putInt(crc(out.array(), 8)).put(headerBytes.toByteArray()).put(payload);
    out.putInt(crc(out.array(), total - 4));
    return out.array();
  }

  /** A copy with the last byte (the message CRC) flipped: for the {@code malformed} knob. */
  static byte[] corrupted(byte[] frame) {
    byte[] copy = frame.clone();
    copy[copy.length - 1] ^= 0x5a;
    return copy;
  }

  private static int crc(byte[] bytes, int length) {
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, length);
    return (int) crc.getValue();
  }
}
