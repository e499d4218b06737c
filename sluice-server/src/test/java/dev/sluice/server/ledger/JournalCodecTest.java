package dev.sluice.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.model.Usage;
import dev.sluice.core.route.FailureClass;
import dev.sluice.core.usage.AttemptRecord;
import dev.sluice.core.usage.AttemptStart;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JournalCodecTest {

  private static JournalEntry roundTrip(JournalEntry entry) throws Exception {
    byte[] line = JournalCodec.encode(entry);
    assertThat(line[line.length - 1]).isEqualTo((byte) '\n');
    for (int i = 0; i < line.length - 1; i++) {
      assertThat(line[i]).as("no newline inside the line").isNotEqualTo((byte) '\n');
    }
    return JournalCodec.decode(line, 0, line.length - 1);
  }

  @Test
  void startAndRecordSurviveTheRoundTripExactly() throws Exception {
    JournalEntry.Started start = Attempts.started("run1", "req_1");
    JournalEntry.Ended ended = Attempts.ended("run1", "req_1");
    assertThat(roundTrip(start)).isEqualTo(start);
    assertThat(roundTrip(ended)).isEqualTo(ended);
  }

  @Test
  void nullsFailuresAndAwkwardTagsRoundTrip() throws Exception {
    AttemptRecord failed = new AttemptRecord("req_2", 3, null, null, null, null, null, "p/m", null, null,
        AttemptRecord.Outcome.FAILED, FailureClass.RATE_LIMITED, 429, Usage.NONE, 0, false, 12, -1, false,
        Map.of("line", "a\nb", "quote", "\"é€😀", "", "empty"), null);
    assertThat(roundTrip(new JournalEntry.Ended("r", failed))).isEqualTo(new JournalEntry.Ended("r", failed));
    AttemptStart bare = new AttemptStart("req_3", 1, null, null, null, null, null, "p/m", null, null, false, null,
        null);
    assertThat(roundTrip(new JournalEntry.Started("r", bare))).isEqualTo(new JournalEntry.Started("r", bare));
  }

  @Test
  void aLineThatIsNotAnEntryIsMalformedNotACrash() {
    for (String bad : new String[] {"{\"t\":\"record\",\"run\":\"r\",\"request_id\":\"x\",\"attemp",
        "[1,2]", "{\"t\":\"bogus\",\"run\":\"r\"}", "{\"t\":\"record\",\"run\":\"r\",\"request_id\":\"x\","
        + "\"attempt\":1,\"deployment_id\":\"d\",\"outcome\":\"NOPE\",\"usage\":{\"source\":\"REPORTED\"}}",
        "{\"t\":\"start\",\"run\":\"r\",\"attempt\":1}"}) {
      byte[] bytes = bad.getBytes(StandardCharsets.UTF_8);
      assertThatThrownBy(() -> JournalCodec.decode(bytes, 0, bytes.length))
          .as(bad).isInstanceOf(JournalCodec.MalformedEntryException.class);
    }
  }
}
