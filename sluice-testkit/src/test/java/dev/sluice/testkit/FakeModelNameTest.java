package dev.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FakeModelNameTest {
  @Test
  void plainModelName_hasNoKnobs() {
    FakeModelName knobs = FakeModelName.parse("gpt-4o-mini");

    assertThat(knobs.errorStatus()).isZero();
    assertThat(knobs.chunks()).isEqualTo(-1);
    assertThat(knobs.stall() || knobs.stallMidstream() || knobs.truncate() || knobs.malformed()).isFalse();
    assertThat(knobs.echo()).isFalse();
  }

  @Test
  void knobsCombine_andAPrefixIsIgnored() {
    FakeModelName knobs = FakeModelName.parse("demo/chunks-50-gap-10-slow-300");

    assertThat(knobs.chunks()).isEqualTo(50);
    assertThat(knobs.gapMillis()).isEqualTo(10);
    assertThat(knobs.slowMillis()).isEqualTo(300);
  }

  @Test
  void eachFaultKnob() {
    assertThat(FakeModelName.parse("error-429").errorStatus()).isEqualTo(429);
    assertThat(FakeModelName.parse("error-200").errorStatus()).isZero(); // not an error status: just a name
    assertThat(FakeModelName.parse("stall").stall()).isTrue();
    assertThat(FakeModelName.parse("stall-midstream").stall()).isFalse();
    assertThat(FakeModelName.parse("stall-midstream").stallMidstream()).isTrue();
    assertThat(FakeModelName.parse("truncate").truncate()).isTrue();
    assertThat(FakeModelName.parse("malformed-sse").malformed()).isTrue();
    assertThat(FakeModelName.parse("wrong-content-type").wrongContentType()).isTrue();
    assertThat(FakeModelName.parse("my-Echo-model").echo()).isTrue();
    assertThat(FakeModelName.parse("chunks-99999999999").chunks()).isEqualTo(FakeModelName.MAX_CHUNKS);
  }
}
