package dev.sluice.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.model.Usage;
import dev.sluice.core.model.UsageSource;
import dev.sluice.core.route.FailureClass;
import dev.sluice.core.usage.AttemptRecord;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessLogTest {
  @Test
  void oneLinePerAttemptWithIdsOutcomeTimingAndTokensButNoTagsOrText() {
    AttemptRecord served = new AttemptRecord("req_1", 1, "key_ab", "u", null, null, "gpt", "fake/gpt-4o", "fake",
        "gpt-4o", AttemptRecord.Outcome.SERVED, null, 200, new Usage(12, 0, 0, 34, 0, UsageSource.REPORTED), 5, true,
        17, 9, true, Map.of("secret", "tag"), null);
    assertThat(AccessLog.line(served)).isEqualTo("req_1 #1 key=key_ab model=gpt deployment=fake/gpt-4o SERVED "
        + "status=200 stream=true ms=17 ttft=9 in=12 out=34 usage=REPORTED");
    AttemptRecord failed = new AttemptRecord("req_2", 3, null, null, null, null, null, "p/m", null, null,
        AttemptRecord.Outcome.FAILED, FailureClass.RATE_LIMITED, 429, Usage.NONE, 0, false, 12, -1, false, Map.of(),
        null);
    assertThat(AccessLog.line(failed)).isEqualTo("req_2 #3 key=null model=null deployment=p/m FAILED:RATE_LIMITED "
        + "status=429 stream=false ms=12 ttft=-1 in=0 out=0 usage=MISSING");
  }
}
