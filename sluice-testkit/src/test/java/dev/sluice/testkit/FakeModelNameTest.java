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

  @Test
  void routingFaultKnobs() {
    FakeModelName plain = FakeModelName.parse("gpt-4o");
    assertThat(plain.inbandError() || plain.emptyStream() || plain.contextLength()).isFalse();
    assertThat(plain.flakyCount()).isZero();
    assertThat(plain.retryAfterMillis()).isEqualTo(1000);
    assertThat(plain.retryAfterSeconds()).isEqualTo(1);
    assertThat(plain.midstreamErrorAfter()).isEqualTo(-1);
    assertThat(plain.dieAfter()).isEqualTo(-1);

    FakeModelName inband = FakeModelName.parse("demo/inband-error");
    assertThat(inband.inbandError()).isTrue();
    assertThat(inband.errorStatus()).isZero();
    assertThat(FakeModelName.parse("empty-stream").emptyStream()).isTrue();
    assertThat(FakeModelName.parse("empty").emptyStream()).isFalse();
    assertThat(FakeModelName.parse("gpt-4o-context-length").contextLength()).isTrue();

    FakeModelName flaky = FakeModelName.parse("flaky-2-chunks-3");
    assertThat(flaky.flakyCount()).isEqualTo(2);
    assertThat(flaky.flakyStatus()).isEqualTo(500);
    assertThat(flaky.chunks()).isEqualTo(3);
    FakeModelName limited = FakeModelName.parse("flaky429-1-retry-after-300");
    assertThat(limited.flakyCount()).isEqualTo(1);
    assertThat(limited.flakyStatus()).isEqualTo(429);
    assertThat(limited.retryAfterMillis()).isEqualTo(300);
    assertThat(limited.retryAfterSeconds()).isEqualTo(1);
    assertThat(FakeModelName.parse("error-429-retry-after-1001").retryAfterSeconds()).isEqualTo(2);
    assertThat(FakeModelName.parse("retry-after-0").retryAfterSeconds()).isZero();

    FakeModelName midstream = FakeModelName.parse("midstream-error-500");
    assertThat(midstream.midstreamErrorAfter()).isEqualTo(500);
    assertThat(midstream.errorStatus()).isZero(); // 500 chunks, not an HTTP 500
    assertThat(FakeModelName.parse("midstream-error").midstreamErrorAfter()).isEqualTo(1);
    assertThat(FakeModelName.parse("stall-midstream").midstreamErrorAfter()).isEqualTo(-1);
    assertThat(FakeModelName.parse("die-after-4-gap-10").dieAfter()).isEqualTo(4);
    assertThat(FakeModelName.parse("die-after-4-gap-10").gapMillis()).isEqualTo(10);
    assertThat(FakeModelName.parse("die-after").dieAfter()).isEqualTo(1);
  }
}
