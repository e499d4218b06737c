package dev.sluice.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UsageTest {
  @Test
  void totalIsInputPlusOutput() {
    Usage u = new Usage(100, 40, 10, 30, 20, UsageSource.REPORTED);
    assertThat(u.totalTokens()).isEqualTo(130);
    assertThat(u.uncachedInputTokens()).isEqualTo(50);
    assertThat(u.isKnown()).isTrue();
  }

  @Test
  void noneIsZeroAndMissing() {
    assertThat(Usage.zero()).isSameAs(Usage.NONE);
    assertThat(Usage.NONE.totalTokens()).isZero();
    assertThat(Usage.NONE.source()).isEqualTo(UsageSource.MISSING);
    assertThat(Usage.NONE.isKnown()).isFalse();
  }

  @Test
  void rejectsNegativeCounts() {
    assertThatThrownBy(() -> new Usage(-1, 0, 0, 0, 0, UsageSource.REPORTED))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
