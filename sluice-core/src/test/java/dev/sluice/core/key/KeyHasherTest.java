package dev.sluice.core.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KeyHasherTest {

  @Test
  void matchesAnIndependentlyComputedHmac() {
    // printf 'sk-sluice-test' | openssl dgst -sha256 -mac HMAC -macopt hexkey:0b0b...0b (32 bytes of 0x0b)
    byte[] secret = new byte[32];
    Arrays.fill(secret, (byte) 0x0b);
    assertThat(new KeyHasher(secret).hash("sk-sluice-test"))
        .isEqualTo("c1efc57e1886d64997e1a77d2922577615ec73ac327c4025e168788f4d1818b1");
  }

  @Test
  void differentSecretsGiveDifferentHashes() {
    byte[] a = new byte[32];
    byte[] b = new byte[32];
    b[0] = 1;
    assertThat(new KeyHasher(a).hash("k")).isNotEqualTo(new KeyHasher(b).hash("k"));
    assertThat(new KeyHasher(a).hash("k")).isEqualTo(new KeyHasher(a).hash("k"));
  }

  @Test
  void refusesShortSecrets() {
    assertThatThrownBy(() -> new KeyHasher(new byte[16])).isInstanceOf(IllegalArgumentException.class);
  }
}
