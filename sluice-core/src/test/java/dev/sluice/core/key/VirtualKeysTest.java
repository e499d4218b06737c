package dev.sluice.core.key;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VirtualKeysTest {

  @Test
  void generatedKeysAreWellFormedAndDistinct() {
    SecureRandom random = new SecureRandom();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String key = VirtualKeys.generate(random);
      assertThat(key).startsWith("sk-sluice-").hasSize(VirtualKeys.LENGTH);
      assertThat(VirtualKeys.isWellFormed(key)).isTrue();
      assertThat(seen.add(key)).isTrue();
    }
  }

  @Test
  void randomPartCarriesAtLeast128Bits() {
    double bits = VirtualKeys.RANDOM_CHARS * (Math.log(62) / Math.log(2));
    assertThat(bits).isGreaterThan(128);
  }

  @Test
  void anySingleCharacterChangeBreaksTheChecksum() {
    String key = VirtualKeys.generate(new Random(7));
    for (int i = VirtualKeys.PREFIX.length(); i < key.length(); i++) {
      char c = key.charAt(i);
      char other = c == 'a' ? 'b' : 'a';
      String typo = key.substring(0, i) + other + key.substring(i + 1);
      assertThat(VirtualKeys.isWellFormed(typo)).as("changed position %d", i).isFalse();
    }
  }

  @Test
  void rejectsWrongShapes() {
    String key = VirtualKeys.generate(new Random(1));
    assertThat(VirtualKeys.isWellFormed(null)).isFalse();
    assertThat(VirtualKeys.isWellFormed("")).isFalse();
    assertThat(VirtualKeys.isWellFormed(key + "x")).isFalse();
    assertThat(VirtualKeys.isWellFormed("sk-other-" + key.substring(9))).isFalse();
    assertThat(VirtualKeys.isWellFormed(key.substring(0, 20) + "\u0000" + key.substring(21))).isFalse();
    assertThat(VirtualKeys.isWellFormed(key.substring(0, 20) + "é" + key.substring(21))).isFalse();
  }

  @Test
  void hintShowsOnlyPrefixAndLastFour() {
    String key = VirtualKeys.generate(new Random(3));
    assertThat(VirtualKeys.hint(key)).isEqualTo("sk-sluice-..." + key.substring(key.length() - 4));
  }
}
