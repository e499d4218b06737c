package dev.sluice.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The fuzz property: a decoder fed hostile bytes returns, or throws only the exception types its contract
 * declares (usually {@link dev.sluice.core.error.GatewayException}); never an NPE, ClassCast,
 * IndexOutOfBounds or StackOverflow, and never hangs (each call runs under a preemptive timeout).
 */
public final class Contract {
  /** Generous: a try takes microseconds; this only catches a loop that never ends. */
  public static final Duration BOUND = Duration.ofSeconds(5);

  private Contract() {}

  /** @return what the call threw (one of {@code allowed}), or null when it returned */
  @SafeVarargs
  public static Throwable returnsOrThrowsOnly(byte[] input, Runnable call, Class<? extends Throwable>... allowed) {
    Throwable thrown = assertTimeoutPreemptively(BOUND, () -> {
      try {
        call.run();
        return null;
      } catch (Throwable t) {
        return t;
      }
    }, () -> "hangs on " + show(input));
    if (thrown == null) {
      return null;
    }
    for (Class<? extends Throwable> ok : allowed) {
      if (ok.isInstance(thrown)) {
        return thrown;
      }
    }
    AssertionError error = new AssertionError("undeclared " + thrown + " on input " + show(input));
    error.initCause(thrown);
    throw error;
  }

  /** Labels the outcome in jqwik's statistics, to show the fuzz gets past the first check. */
  public static void collect(Throwable outcome) {
    net.jqwik.api.statistics.Statistics.collect(outcome == null ? "accepted" : "rejected");
  }

  /** The input as text when it mostly is, and always as hex (short inputs) so a failure is reproducible. */
  static String show(byte[] input) {
    byte[] head = Arrays.copyOf(input, Math.min(input.length, 600));
    return input.length + " bytes: " + new String(head, java.nio.charset.StandardCharsets.UTF_8)
        + (input.length <= 300 ? " hex=" + HexFormat.of().formatHex(input) : "");
  }

}
