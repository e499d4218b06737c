package dev.sluice.core.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class EventStreamDecoderTest {
  private static final byte[] STREAM = BedrockFixtures.recordedStream();

  private static List<EventStreamFrame> decodeWhole(byte[] body) {
    List<EventStreamFrame> frames = new ArrayList<>();
    EventStreamDecoder decoder = new EventStreamDecoder();
    decoder.feed(body, 0, body.length, frames::add);
    assertThat(decoder.failure()).isNull();
    assertThat(decoder.hasPartialFrame()).isFalse();
    return frames;
  }

  @Test
  void recordedStream_hasTheAnnotatedFramesAtTheAnnotatedOffsets() {
    List<int[]> table = BedrockFixtures.annotatedOffsets();
    assertThat(table).hasSize(6);
    int[] last = table.getLast();
    assertThat(STREAM).hasSize(last[0] + last[1]);

    List<EventStreamFrame> frames = decodeWhole(STREAM);

    assertThat(frames).extracting(f -> f.eventType() != null ? f.eventType() : f.exceptionType())
        .containsExactly("messageStart", "contentBlockDelta", "contentBlockStop", "messageStop", "metadata",
            "throttlingException");
    for (int i = 0; i < table.size(); i++) {
      int offset = table.get(i)[0];
      int length = table.get(i)[1];
      int headersLength = table.get(i)[2];
      byte[] slice = Arrays.copyOfRange(STREAM, offset, offset + length);
      assertThat(ByteBuffer.wrap(slice).getInt(0)).as("frame %d total length", i).isEqualTo(length);
      assertThat(ByteBuffer.wrap(slice).getInt(4)).as("frame %d headers length", i).isEqualTo(headersLength);
      // Re-encoding what was decoded gives the recorded bytes back exactly: headers, payload and both CRCs.
      assertThat(EventStreamEncoder.encode(frames.get(i))).as("frame %d", i).isEqualTo(slice);
    }
  }

  @Test
  void annotatedFrame_decodesFieldByField() {
    byte[] frame = BedrockFixtures.annotatedFrame();
    assertThat(frame).hasSize(175);
    assertThat(frame).isEqualTo(Arrays.copyOfRange(STREAM, 178, 178 + 175));
    ByteBuffer b = ByteBuffer.wrap(frame);
    assertThat(b.getInt(8)).isEqualTo(0x625a1379); // prelude CRC, as annotated
    assertThat(b.getInt(171)).isEqualTo(0x5e66e303); // message CRC, as annotated

    List<EventStreamFrame> frames = decodeWhole(frame);

    assertThat(frames).hasSize(1);
    EventStreamFrame f = frames.getFirst();
    assertThat(f.headers()).containsExactly(Map.entry(":event-type", "contentBlockDelta"),
        Map.entry(":content-type", "application/json"), Map.entry(":message-type", "event"));
    assertThat(new String(f.payload(), StandardCharsets.UTF_8))
        .isEqualTo("{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hello!\"},\"p\":\"abcdefghijklmnop\"}");
    assertThat(f.payload()).isEqualTo(Arrays.copyOfRange(frame, 99, 171)); // payload bytes 99-170
  }

  @Test
  void exceptionFrame_keepsItsTypeAndMessage() {
    EventStreamFrame f = decodeWhole(STREAM).getLast();
    assertThat(f.messageType()).isEqualTo("exception");
    assertThat(f.exceptionType()).isEqualTo("throttlingException");
    assertThat(new String(f.payload(), StandardCharsets.UTF_8))
        .isEqualTo("{\"message\":\"Too many requests, please wait before trying again.\"}");
  }

  @Test
  void everySplitPoint_givesTheSameFrames() {
    List<EventStreamFrame> whole = decodeWhole(STREAM);
    for (int split = 0; split <= STREAM.length; split++) {
      List<EventStreamFrame> frames = new ArrayList<>();
      EventStreamDecoder decoder = new EventStreamDecoder();
      decoder.feed(STREAM, 0, split, frames::add);
      decoder.feed(STREAM, split, STREAM.length - split, frames::add);
      assertThat(decoder.failure()).as("split at %d", split).isNull();
      assertThat(frames).as("split at %d", split).isEqualTo(whole);
    }
  }

  @Test
  void oneByteAtATime_givesTheSameFrames() {
    List<EventStreamFrame> frames = new ArrayList<>();
    EventStreamDecoder decoder = new EventStreamDecoder();
    List<Integer> frameEnds = BedrockFixtures.annotatedOffsets().stream().map(r -> r[0] + r[1]).toList();
    for (int i = 0; i < STREAM.length; i++) {
      decoder.feed(STREAM, i, 1, frames::add);
      boolean atFrameEnd = frameEnds.contains(i + 1);
      assertThat(decoder.hasPartialFrame()).as("after byte %d", i).isEqualTo(!atFrameEnd);
    }
    assertThat(frames).isEqualTo(decodeWhole(STREAM));
  }

  @Property(tries = 200)
  void randomSplits_giveTheSameFrames(@ForAll @Size(max = 12) List<@IntRange(min = 0, max = 1043) Integer> cuts) {
    int[] points = cuts.stream().mapToInt(Integer::intValue).map(c -> Math.min(c, STREAM.length)).sorted().toArray();
    List<EventStreamFrame> frames = new ArrayList<>();
    EventStreamDecoder decoder = new EventStreamDecoder();
    int from = 0;
    for (int point : points) {
      decoder.feed(STREAM, from, point - from, frames::add);
      from = point;
    }
    decoder.feed(STREAM, from, STREAM.length - from, frames::add);
    assertThat(decoder.failure()).isNull();
    assertThat(frames).isEqualTo(decodeWhole(STREAM));
  }

  @Test
  void corruptPreludeCrc_isAFailureNotAnException_andEarlierFramesStillCount() {
    byte[] body = STREAM.clone();
    body[353 + 9] ^= 0x01; // the third frame's prelude CRC
    List<EventStreamFrame> frames = new ArrayList<>();
    EventStreamDecoder decoder = new EventStreamDecoder();

    decoder.feed(body, 0, body.length, frames::add);

    assertThat(frames).hasSize(2);
    assertThat(decoder.failure()).contains("prelude CRC mismatch").contains("stream offset 353");
  }

  @Test
  void corruptLengthField_isCaughtByThePreludeCrc_beforeWaitingForThatLength() {
    byte[] body = STREAM.clone();
    body[1] = 0x7f; // claims ~8 MiB more than the frame has
    List<EventStreamFrame> frames = new ArrayList<>();
    EventStreamDecoder decoder = new EventStreamDecoder();

    decoder.feed(body, 0, 12, frames::add);

    assertThat(decoder.failure()).contains("prelude CRC mismatch");
    assertThat(frames).isEmpty();
  }

  @Test
  void corruptPayloadByte_failsTheMessageCrc_andTheFrameIsNeverDelivered() {
    for (int split : new int[] {0, 100, 177}) {
      byte[] body = STREAM.clone();
      body[120] ^= 0x20; // inside the first frame's payload
      List<EventStreamFrame> frames = new ArrayList<>();
      EventStreamDecoder decoder = new EventStreamDecoder();

      decoder.feed(body, 0, split, frames::add);
      decoder.feed(body, split, body.length - split, frames::add);

      assertThat(frames).as("split %d", split).isEmpty();
      assertThat(decoder.failure()).as("split %d", split).contains("message CRC mismatch").contains("offset 0");
    }
  }

  @Test
  void corruptMessageCrc_isAFailure() {
    byte[] body = STREAM.clone();
    body[177] ^= 0x01; // last byte of the first frame: its message CRC
    List<EventStreamFrame> frames = new ArrayList<>();
    EventStreamDecoder decoder = new EventStreamDecoder();

    decoder.feed(body, 0, body.length, frames::add);

    assertThat(frames).isEmpty();
    assertThat(decoder.failure()).contains("message CRC mismatch");
  }

  @Test
  void feedAfterFailure_isIgnored() {
    byte[] garbage = "HTTP/1.1 502 Bad Gateway\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    List<EventStreamFrame> frames = new ArrayList<>();
    EventStreamDecoder decoder = new EventStreamDecoder();
    decoder.feed(garbage, 0, garbage.length, frames::add);
    String failure = decoder.failure();

    decoder.feed(STREAM, 0, STREAM.length, frames::add);

    assertThat(failure).isNotNull();
    assertThat(decoder.failure()).isEqualTo(failure);
    assertThat(frames).isEmpty();
    assertThat(decoder.hasPartialFrame()).isFalse();
  }

  @Test
  void oversizeFrame_isRefusedFromItsPreludeAlone() {
    byte[] prelude = prelude(32 * 1024 * 1024, 0);
    EventStreamDecoder decoder = new EventStreamDecoder();
    List<EventStreamFrame> frames = new ArrayList<>();

    decoder.feed(prelude, 0, prelude.length, frames::add);

    assertThat(decoder.failure()).contains("frame of 33554432 bytes exceeds the limit of 16777216 bytes");
  }

  @Test
  void smallerLimit_isHonoured() {
    EventStreamDecoder decoder = new EventStreamDecoder(100);
    decoder.feed(STREAM, 0, STREAM.length, f -> { });
    assertThat(decoder.failure()).contains("frame of 178 bytes exceeds the limit of 100 bytes");
  }

  @Test
  void frameShorterThanItsOwnOverhead_isAFailure() {
    byte[] prelude = prelude(15, 0);
    EventStreamDecoder decoder = new EventStreamDecoder();
    decoder.feed(prelude, 0, prelude.length, f -> { });
    assertThat(decoder.failure()).contains("below the 16-byte minimum");
  }

  @Test
  void headersLongerThanTheFrame_isAFailure() {
    byte[] prelude = prelude(40, 30);
    EventStreamDecoder decoder = new EventStreamDecoder();
    decoder.feed(prelude, 0, prelude.length, f -> { });
    assertThat(decoder.failure()).contains("headers length 30 does not fit a frame of 40 bytes");
  }

  @Test
  void unknownHeaderType_withGoodCrcs_isAFailure() {
    byte[] headers = {3, 'a', 'b', 'c', 42, 0};
    byte[] frame = withCrcs(headers, new byte[] {'{', '}'});
    EventStreamDecoder decoder = new EventStreamDecoder();
    List<EventStreamFrame> frames = new ArrayList<>();

    decoder.feed(frame, 0, frame.length, frames::add);

    assertThat(frames).isEmpty();
    assertThat(decoder.failure()).contains("malformed value of header abc (type 42)");
  }

  @Test
  void stringHeaderRunningPastTheHeaders_isAFailure() {
    byte[] headers = {1, 'x', 7, 0, 50, 'v'};
    byte[] frame = withCrcs(headers, new byte[0]);
    EventStreamDecoder decoder = new EventStreamDecoder();

    decoder.feed(frame, 0, frame.length, f -> { });

    assertThat(decoder.failure()).contains("malformed value of header x");
  }

  @Test
  void everyHeaderType_roundTrips() {
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("t", true);
    headers.put("f", false);
    headers.put("byte", (byte) -7);
    headers.put("short", (short) -300);
    headers.put("int", 123_456_789);
    headers.put("long", -9_000_000_000L);
    headers.put("bytes", new byte[] {1, 2, 3});
    headers.put("string", "héllo");
    headers.put("time", Instant.ofEpochMilli(1_700_000_000_123L));
    headers.put("uuid", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
    EventStreamFrame frame = new EventStreamFrame(headers, "payload".getBytes(StandardCharsets.UTF_8));

    List<EventStreamFrame> decoded = decodeWhole(EventStreamEncoder.encode(frame));

    assertThat(decoded).containsExactly(frame);
    assertThat(decoded.getFirst().headers().keySet()).containsExactlyElementsOf(headers.keySet());
    assertThat(decoded.getFirst().stringHeader("int")).isNull(); // not a string
  }

  @Test
  void emptyFrame_isSixteenBytes() {
    byte[] frame = EventStreamEncoder.encode(Map.of(), new byte[0]);
    assertThat(frame).hasSize(16);
    assertThat(decodeWhole(frame)).containsExactly(new EventStreamFrame(Map.of(), new byte[0]));
  }

  /** A 12-byte prelude with a correct CRC for the given (possibly absurd) lengths. */
  private static byte[] prelude(int total, int headersLength) {
    ByteBuffer b = ByteBuffer.allocate(12).putInt(total).putInt(headersLength);
    b.putInt((int) EventStreamWire.crc32(b.array(), 0, 8));
    return b.array();
  }

  /** Raw header bytes (even malformed ones) in a frame whose CRCs are both right. */
  private static byte[] withCrcs(byte[] headers, byte[] payload) {
    int total = 16 + headers.length + payload.length;
    ByteBuffer b = ByteBuffer.allocate(total).putInt(total).putInt(headers.length);
    b.putInt((int) EventStreamWire.crc32(b.array(), 0, 8)).put(headers).put(payload);
    b.putInt((int) EventStreamWire.crc32(b.array(), 0, total - 4));
    return b.array();
  }
}
