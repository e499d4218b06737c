package dev.sluice.core.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.stream.Fixtures;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Any split of a fixture's bytes into pieces decodes to the same events as the whole. */
class AnthropicStreamDecoderPropertiesTest {

  @Property(tries = 300)
  void anySplitDecodesLikeTheWhole(@ForAll("fixtures") String name,
      @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 1, max = 97) Integer> pieceSizes) {
    byte[] bytes = Fixtures.bytes("anthropic/" + name);
    assertThat(AnthropicStreams.decodeInChunks(bytes, pieceSizes))
        .containsExactlyElementsOf(AnthropicStreamDecoderTest.expected(name));
  }

  @Provide
  Arbitrary<String> fixtures() {
    return Arbitraries.of("stream-text.sse", "stream-tool-use.sse", "stream-thinking.sse",
        "stream-error-midstream.sse");
  }
}
