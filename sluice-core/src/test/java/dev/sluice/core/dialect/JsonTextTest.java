package dev.sluice.core.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class JsonTextTest {
  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  @Test
  void acceptsStrictUtf8WithWhitespaceAndABom() {
    assertThat(JsonText.problem("{\"a\":\"é€😀\"}\r\n\t ".getBytes(StandardCharsets.UTF_8))).isNull();
    assertThat(JsonText.problem(bytes(0xEF, 0xBB, 0xBF, '{', '}'))).isNull();
    assertThat(JsonText.problem(new byte[0])).isNull();
    assertThat(JsonText.problem(bytes(0x7F))).isNull();
  }

  @Test
  void refusesInvalidUtf8() {
    assertThat(JsonText.problem(bytes('"', 0xC3, 0x28, '"'))).contains("invalid UTF-8 at byte 1");
    assertThat(JsonText.problem(bytes(0xED, 0xA0, 0x80))).as("a surrogate").contains("byte 0");
    assertThat(JsonText.problem(bytes(0xC0, 0xAF))).as("overlong /").isNotNull();
    assertThat(JsonText.problem(bytes(0xE0, 0x80, 0xAF))).as("overlong, 3 bytes").isNotNull();
    assertThat(JsonText.problem(bytes(0xF4, 0x90, 0x80, 0x80))).as("above U+10FFFF").isNotNull();
    assertThat(JsonText.problem(bytes('a', 0xE2, 0x82))).as("cut off at the end").contains("byte 1");
    assertThat(JsonText.problem(bytes(0xFF))).isNotNull();
    assertThat(JsonText.problem(bytes(0x80))).as("a lone continuation byte").isNotNull();
  }

  @Test
  void refusesRawControlBytesSoUtf16And32AreRefusedToo() {
    assertThat(JsonText.problem(bytes('{', 0, '}'))).contains("control byte 0x00 at byte 1");
    assertThat(JsonText.problem("{}".getBytes(StandardCharsets.UTF_16LE))).isNotNull();
    assertThat(JsonText.problem("{}".getBytes(StandardCharsets.UTF_16))).isNotNull();
  }

  @Test
  void dropsOnlyALeadingBom() {
    assertThat(JsonText.withoutBom(bytes(0xEF, 0xBB, 0xBF, '{', '}'))).containsExactly('{', '}');
    byte[] none = {'{', '}'};
    assertThat(JsonText.withoutBom(none)).isSameAs(none);
  }

  /** Agrees with the JDK's strict decoder on any valid string (which never has a surrogate or control). */
  @Property
  void anyStringWithoutControlsIsAccepted(@ForAll String s) {
    String clean = s.codePoints().filter(c -> c >= 0x20 && !(c >= 0xD800 && c <= 0xDFFF))
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    assertThat(JsonText.problem(clean.getBytes(StandardCharsets.UTF_8))).isNull();
  }

  @Property
  void refusesExactlyWhatTheJdkDecoderRefuses(@ForAll byte[] raw) {
    boolean jdkValid;
    try {
      StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(raw));
      jdkValid = true;
    } catch (java.nio.charset.CharacterCodingException e) {
      jdkValid = false;
    }
    boolean hasControl = false;
    for (byte b : raw) {
      hasControl |= b >= 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\r';
    }
    assertThat(JsonText.problem(raw) == null).isEqualTo(jdkValid && !hasControl);
  }
}
