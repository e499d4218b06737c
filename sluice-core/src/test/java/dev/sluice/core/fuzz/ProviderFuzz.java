package dev.sluice.core.fuzz;

import dev.sluice.core.canonical.ProviderCodec;
import dev.sluice.core.canonical.ProviderStreamDecoder;
import dev.sluice.core.canonical.StreamEvent;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.stream.Fixtures;
import java.util.ArrayList;
import java.util.List;

/** The three decode paths of a provider codec, each under the fuzz {@link Contract}. */
public final class ProviderFuzz {
  private ProviderFuzz() {}

  public static List<byte[]> fixtures(String dir, String... names) {
    List<byte[]> seeds = new ArrayList<>();
    for (String name : names) {
      seeds.add(Fixtures.bytes(dir + "/" + name));
    }
    return seeds;
  }

  /** {@link ProviderCodec#decodeChat} declares GatewayException (upstream error) for a bad body. */
  public static void unary(ProviderCodec codec, byte[] body) {
    Contract.collect(Contract.returnsOrThrowsOnly(body, () -> codec.decodeChat(body), GatewayException.class));
  }

  /** {@link ProviderCodec#errorMessage} returns a message or null; it declares no exception. */
  public static void errorMessage(ProviderCodec codec, int status, byte[] body) {
    Contract.returnsOrThrowsOnly(body, () -> codec.errorMessage(status, body));
  }

  /**
   * {@link ProviderStreamDecoder} reports malformed input as a {@link StreamEvent.Error}, never thrown: the
   * body is fed in pieces of {@code piece} bytes (so frames split anywhere), then ended.
   */
  public static List<StreamEvent> stream(ProviderCodec codec, byte[] body, int piece) {
    List<StreamEvent> events = new ArrayList<>();
    Contract.returnsOrThrowsOnly(body, () -> {
      ProviderStreamDecoder decoder = codec.streamDecoder();
      for (int at = 0; at < body.length; at += piece) {
        decoder.feed(body, at, Math.min(piece, body.length - at), events::add);
      }
      decoder.endOfInput(events::add);
    });
    return events;
  }
}
