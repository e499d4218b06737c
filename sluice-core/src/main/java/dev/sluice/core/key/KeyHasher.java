package dev.sluice.core.key;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hash of virtual keys: HMAC-SHA-256 under a server secret. Only this hash is stored, so a copy of
 * the database alone does not let anyone test guesses offline (a plain SHA-256 would).
 *
 * <p>Thread-safe: {@link Mac} is not, so each thread keeps its own instance.
 */
public final class KeyHasher {
  private static final String ALGORITHM = "HmacSHA256";
  private final SecretKeySpec secret;
  private final ThreadLocal<Mac> macs;

  public KeyHasher(byte[] secret) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("the key-hash secret must be at least 32 bytes");
    }
    this.secret = new SecretKeySpec(secret.clone(), ALGORITHM);
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  /** Lower-case hex HMAC-SHA-256 of the key's UTF-8 bytes. */
  public String hash(String key) {
    Mac mac = macs.get();
    return HexFormat.of().formatHex(mac.doFinal(key.getBytes(StandardCharsets.UTF_8)));
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(secret);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }
}
