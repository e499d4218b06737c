package dev.sluice.bench.soak;

import dev.sluice.bench.BenchCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ./sluice bench --soak [--minutes N] [--rate R] [--write]}: runs {@link Soak}, prints the markdown report
 * and, with {@code --write}, adds it to the "Soak" section of docs/reliability.md. Exits 1 when a verdict fails.
 */
public final class SoakMain {
  private SoakMain() {}

  static final String USAGE = """
      usage: ./sluice bench --soak [options]
        --minutes N   how long to send (default 10; decimals allowed)
        --rate R      requests per second, open loop (default 100)
        --write       add the report to the "Soak" section of docs/reliability.md
      """;
  static final Path DOC = Path.of("docs/reliability.md");
  static final String HEADING = "## Soak";

  public static void main(String[] args) throws Exception {
    double minutes = 10;
    double rate = 100;
    boolean write = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--minutes" -> minutes = Double.parseDouble(args[++i]);
        case "--rate" -> rate = Double.parseDouble(args[++i]);
        case "--write" -> write = true;
        default -> {
          if (BenchCli.helpOrUnknownOption(args[i], USAGE)) {
            return;
          }
        }
      }
    }
    Soak.Result result = Soak.run(Soak.Plan.minutes(minutes, rate));
    List<SoakVerdicts.Verdict> verdicts = SoakVerdicts.judge(result);
    String command = "./sluice bench --soak" + (args.length == 0 ? "" : " " + String.join(" ", args));
    String report = SoakReport.markdown(result, verdicts, command);
    System.out.println(report);
    if (write) {
      recordInDoc(DOC, report);
      System.err.println("soak: added to " + DOC.toAbsolutePath());
    }
    System.exit(SoakVerdicts.allPass(verdicts) ? 0 : 1);
  }

  /**
   * Appends the report at the end of the "Soak" section (before the next {@code ## } heading, if any), creating
   * the section, or the file with only that section, when missing.
   */
  static void recordInDoc(Path doc, String report) throws IOException {
    if (!Files.exists(doc)) {
      Files.createDirectories(doc.toAbsolutePath().getParent());
      Files.writeString(doc, HEADING + "\n\n" + report, StandardCharsets.UTF_8);
      return;
    }
    String text = Files.readString(doc, StandardCharsets.UTF_8);
    int at = headingAt(text);
    if (at < 0) {
      Files.writeString(doc, text.stripTrailing() + "\n\n" + HEADING + "\n\n" + report,
          StandardCharsets.UTF_8);
      return;
    }
    int next = text.indexOf("\n## ", at + HEADING.length());
    String section = next < 0 ? text : text.substring(0, next + 1);
    String rest = next < 0 ? "" : text.substring(next + 1);
    Files.writeString(doc, section.stripTrailing() + "\n\n" + report + (rest.isEmpty() ? "" : "\n" + rest),
        StandardCharsets.UTF_8);
  }

  private static int headingAt(String text) {
    if (text.startsWith(HEADING + "\n")) {
      return 0;
    }
    int i = text.indexOf("\n" + HEADING + "\n");
    return i < 0 ? -1 : i + 1;
  }
}
