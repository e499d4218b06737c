package dev.sluice.core.key;

import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;
import java.util.zip.CRC32;

/**
 * The format of Sluice virtual keys: {@code sk-sluice-} + 32 base62 characters of randomness (about 190
 * bits) + a 6-character base62 CRC-32 checksum of those 32 characters.
 *
 * <p>The recognisable prefix lets secret scanners find leaked keys; the checksum lets the gateway reject a
 * mistyped or made-up key without touching the store (as GitHub's token format does), which keeps junk
 * keys off the database and out of the key cache.
 */
public final class VirtualKeys {
  public static final String PREFIX = "sk-sluice-";
  static final int RANDOM_CHARS = 32;
  static final int CHECKSUM_CHARS = 6; // 62^6 > 2^32, so any CRC-32 fits
  public static final int LENGTH = PREFIX.length() + RANDOM_CHARS + CHECKSUM_CHARS;

  private static final char[] BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  private VirtualKeys() {}

  /** A new key. Pass a {@link java.security.SecureRandom} in production. */
  public static String generate(RandomGenerator random) {
    char[] body = new char[RANDOM_CHARS];
    for (int i = 0; i < body.length; i++) {
      body[i] = BASE62[random.nextInt(BASE62.length)];
    }
    String randomPart = new String(body);
    return PREFIX + randomPart + checksum(randomPart);
  }

  /** True when the string has the prefix, the length, the alphabet and a matching checksum. */
  public static boolean isWellFormed(String key) {
    if (key == null || key.length() != LENGTH || !key.startsWith(PREFIX)) {
      return false;
    }
    for (int i = PREFIX.length(); i < LENGTH; i++) {
      if (!isBase62(key.charAt(i))) {
        return false;
      }
    }
    String randomPart = key.substring(PREFIX.length(), PREFIX.length() + RANDOM_CHARS);
    return checksum(randomPart).equals(key.substring(PREFIX.length() + RANDOM_CHARS));
  }

  /** A display hint that identifies a key without revealing it: the prefix and the last 4 characters. */
  public static String hint(String key) {
    return PREFIX + "..." + key.substring(key.length() - 4);
  }

  static String checksum(String randomPart) {
    CRC32 crc = new CRC32();
    crc.update(randomPart.getBytes(StandardCharsets.US_ASCII));
    long value = crc.getValue();
    char[] out = new char[CHECKSUM_CHARS];
    for (int i = CHECKSUM_CHARS - 1; i >= 0; i--) {
      out[i] = BASE62[(int) (value % 62)];
      value /= 62;
    }
    return new String(out);
  }

  private static boolean isBase62(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }
}
