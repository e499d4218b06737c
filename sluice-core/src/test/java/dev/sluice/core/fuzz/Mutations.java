package dev.sluice.core.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Byte mutations of real inputs (wire fixtures, request bodies), so a fuzz case gets past the first byte
 * check and into the deep decoding code: bit flips, overwrites, insertions (of random bytes or of tokens
 * that matter to JSON, SSE and UTF-8), deletions, truncations and duplicated ranges.
 */
public final class Mutations {
  private Mutations() {}

  /** Tokens worth inserting: JSON structure and odd literals, SSE framing, broken UTF-8, a BOM. */
  private static final List<byte[]> TOKENS = List.of(
      b("\""), b("{"), b("}"), b("["), b("]"), b(","), b(":"), b("null"), b("true"), b("-1"), b("1e999"),
      b("NaN"), b("-Infinity"), b("1.5"), b("9223372036854775808"), b("\"\\u0000\""), b("\\ud800"), b("{}"),
      b("[]"), b("\n"), b("\r"), b("\n\n"), b("\r\n\r\n"), b("data: "), b("data: [DONE]\n\n"), b("event: error\n"),
      b(":\n"), b("id: x\n"), b("retry: 1\n"), new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
      new byte[] {(byte) 0xC3}, new byte[] {(byte) 0xFF, (byte) 0xFE}, new byte[] {(byte) 0xED, (byte) 0xA0,
          (byte) 0x80}, new byte[] {0}, b("\"type\":\"error\""), b("\"index\":-1"), b("\"index\":99999"));

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** One edit: what, where (scaled to the current length) and with which byte/token. */
  record Edit(int op, double where, double span, int value) {
    byte[] apply(byte[] in) {
      int len = in.length;
      int at = (int) Math.min(len, Math.floor(where * (len + 1)));
      int count = Math.max(1, (int) (span * Math.min(len, 4096)));
      switch (op) {
        case 0: // flip one bit
          if (len == 0) return in;
          byte[] flipped = in.clone();
          int i = Math.min(at, len - 1);
          flipped[i] ^= (byte) (1 << (value & 7));
          return flipped;
        case 1: // overwrite a byte
          if (len == 0) return in;
          byte[] set = in.clone();
          set[Math.min(at, len - 1)] = (byte) value;
          return set;
        case 2: // insert a token
          return insert(in, at, TOKENS.get(Math.floorMod(value, TOKENS.size())));
        case 3: // insert random-ish bytes
          byte[] junk = new byte[1 + Math.floorMod(value, 7)];
          for (int k = 0; k < junk.length; k++) {
            junk[k] = (byte) (value * 31 + k * 17);
          }
          return insert(in, at, junk);
        case 4: // delete a range
          int end = Math.min(len, at + count);
          return concat(Arrays.copyOfRange(in, 0, at), Arrays.copyOfRange(in, end, len));
        case 5: // truncate
          return Arrays.copyOf(in, at);
        default: // duplicate a range in place
          int stop = Math.min(len, at + count);
          return insert(in, stop, Arrays.copyOfRange(in, at, stop));
      }
    }
  }

  private static byte[] insert(byte[] in, int at, byte[] what) {
    return concat(Arrays.copyOfRange(in, 0, at), what, Arrays.copyOfRange(in, at, in.length));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static Arbitrary<Edit> edits() {
    return Combinators.combine(Arbitraries.integers().between(0, 6), Arbitraries.doubles().between(0, 1),
        Arbitraries.doubles().between(0, 0.2), Arbitraries.integers().between(-128, 255)).as(Edit::new);
  }

  /** A seed with 1 to 4 edits applied. */
  public static Arbitrary<byte[]> of(List<byte[]> seeds) {
    return Combinators.combine(Arbitraries.of(seeds), edits().list().ofMinSize(1).ofMaxSize(4))
        .as((seed, list) -> {
          byte[] out = seed;
          for (Edit e : list) {
            out = e.apply(out);
          }
          return out;
        });
  }

  /** Arbitrary bytes, up to 2 KiB. */
  public static Arbitrary<byte[]> anyBytes() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(2048);
  }

  /** Mutated seeds most of the time, plain random bytes sometimes. */
  public static Arbitrary<byte[]> mutatedOrRandom(List<byte[]> seeds) {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, of(seeds)), net.jqwik.api.Tuple.of(1, anyBytes()));
  }

  /** For JSON seeds: wrong-typed values in valid JSON, byte mutations, and random bytes. */
  public static Arbitrary<byte[]> mutatedJson(List<byte[]> seeds) {
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, JsonMutations.of(seeds)),
        net.jqwik.api.Tuple.of(3, of(seeds)), net.jqwik.api.Tuple.of(1, anyBytes()));
  }
}
