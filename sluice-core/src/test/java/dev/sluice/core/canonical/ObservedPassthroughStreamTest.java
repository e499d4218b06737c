package dev.sluice.core.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.provider.anthropic.AnthropicCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Same-protocol streams go out as the provider framed them while the provider's decoder watches. */
class ObservedPassthroughStreamTest {
  private static final AnthropicCodec CODEC =
      new AnthropicCodec(new ProviderAccess("api.anthropic.com", "", "k", Map.of()));

  private static byte[] fixture(String name) throws IOException {
    try (InputStream in = ObservedPassthroughStreamTest.class.getResourceAsStream("/wire/anthropic/" + name)) {
      return in.readAllBytes();
    }
  }

  /** Feeds the bytes in pieces of {@code piece} bytes and returns what the caller got. */
  private static byte[] run(ObservedPassthroughStream stream, byte[] in, int piece) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < in.length; i += piece) {
      stream.feed(in, i, Math.min(piece, in.length - i), b -> {
        if (b != null) {
          out.writeBytes(b);
        }
      });
    }
    stream.endOfInput(b -> {
      if (b != null) {
        out.writeBytes(b);
      }
    });
    return out.toByteArray();
  }

  @Test
  void forwardsEveryEventAsFramedAndLearnsUsageAndTheEnd() throws IOException {
    byte[] in = fixture("stream-text.sse");
    for (int piece : new int[] {1, 7, 64, in.length}) {
      ObservedPassthroughStream stream = new ObservedPassthroughStream(CODEC.streamDecoder());
      byte[] out = run(stream, in, piece);
      assertThat(new String(out, java.nio.charset.StandardCharsets.UTF_8).replace("\r\n", "\n"))
          .as("piece %d", piece).isEqualTo(new String(in, java.nio.charset.StandardCharsets.UTF_8).replace("\r\n", "\n"));
      assertThat(stream.done()).isTrue();
      assertThat(stream.started()).isTrue();
      assertThat(stream.failed()).isFalse();
      assertThat(stream.usage().isKnown()).isTrue();
      assertThat(stream.usage().outputTokens()).isPositive();
    }
  }

  @Test
  void anInBandErrorIsNotForwardedButReported() throws IOException {
    ObservedPassthroughStream stream = new ObservedPassthroughStream(CODEC.streamDecoder());
    String out = new String(run(stream, fixture("stream-error-midstream.sse"), 13),
        java.nio.charset.StandardCharsets.UTF_8);
    assertThat(stream.failed()).isTrue();
    assertThat(stream.errorMessage()).isNotBlank();
    assertThat(out).doesNotContain("event: error").contains("message_start");
    assertThat(stream.done()).isFalse();
  }
}
