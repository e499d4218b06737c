package dev.sluice.bench;

/**
 * The option-loop endings both entry points share ({@link BenchMain} and the soak's main, which BenchMain hands
 * {@code --soak} to), so help and usage errors look and exit the same.
 */
public final class BenchCli {
  private BenchCli() {}

  /**
   * For an option the caller's switch did not take: prints the usage and returns true (caller returns) for
   * {@code -h}/{@code --help}; otherwise reports the unknown option with the usage and exits 2.
   */
  public static boolean helpOrUnknownOption(String option, String usage) {
    if (option.equals("-h") || option.equals("--help")) {
      System.out.print(usage);
      return true;
    }
    System.err.print("unknown option " + option + "\n" + usage);
    System.exit(2);
    return false;
  }
}
