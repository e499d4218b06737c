package dev.sluice.core.provider.bedrock;

/**
 * The layout of an AWS event-stream message, shared by {@link EventStreamDecoder} and {@link EventStreamEncoder}
 * (AWS "event stream encoding", docs.aws.amazon.com/transcribe/latest/dg/event-stream.html; big-endian):
 *
 * <pre>
 * total length  uint32   the whole message, including these 4 bytes and both CRCs
 * headers length uint32
 * prelude CRC   uint32   CRC-32 (zlib's) of the 8 bytes above
 * headers       repeated: name length uint8 | name | value type uint8 | value
 * payload       total - headers length - 16 bytes
 * message CRC   uint32   CRC-32 of everything from the first byte to the end of the payload
 * </pre>
 */
final class EventStreamWire {
  static final int PRELUDE_BYTES = 8;
  /** Prelude plus its CRC: what must be read before the frame's length can be trusted. */
  static final int PRELUDE_WITH_CRC_BYTES = 12;
  static final int CRC_BYTES = 4;
  /** A message with no headers and no payload. */
  static final int MIN_FRAME_BYTES = PRELUDE_WITH_CRC_BYTES + CRC_BYTES;

  static final byte TYPE_TRUE = 0;
  static final byte TYPE_FALSE = 1;
  static final byte TYPE_BYTE = 2;
  static final byte TYPE_SHORT = 3;
  static final byte TYPE_INT = 4;
  static final byte TYPE_LONG = 5;
  static final byte TYPE_BYTES = 6;
  static final byte TYPE_STRING = 7;
  static final byte TYPE_TIMESTAMP = 8;
  static final byte TYPE_UUID = 9;

  /** Header names carry a uint8 length; byte arrays and strings a uint16 one. */
  static final int MAX_NAME_BYTES = 255;
  static final int MAX_VALUE_BYTES = 65_535;

  private EventStreamWire() {}

  static int readInt(byte[] b, int at) {
    return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
  }

  static long readLong(byte[] b, int at) {
    return ((long) readInt(b, at) << 32) | (readInt(b, at + 4) & 0xffffffffL);
  }

  static long crc32(byte[] b, int offset, int length) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(b, offset, length);
    return crc.getValue();
  }
}
