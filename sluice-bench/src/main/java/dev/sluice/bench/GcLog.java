package dev.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Pause totals from a unified JVM log written with {@code -Xlog:gc:file=...}. */
final class GcLog {
  private GcLog() {}

  /** Count, total and longest of the logged pauses. */
  record Pauses(int count, double totalMs, double maxMs) {
    static final Pauses NONE = new Pauses(0, 0, 0);

    Pauses minus(Pauses earlier) {
      return new Pauses(count - earlier.count, totalMs - earlier.totalMs, maxMs);
    }
  }

  // e.g. "[1.234s][info][gc] GC(3) Pause Young (Normal) (G1 Evacuation Pause) 24M->3M(256M) 2.345ms"
  private static final Pattern PAUSE = Pattern.compile("\\bPause\\b.*?([0-9]+(?:\\.[0-9]+)?)ms\\s*$");

  static Pauses read(Path file) {
    if (file == null || !Files.exists(file)) {
      return Pauses.NONE;
    }
    int count = 0;
    double total = 0;
    double max = 0;
    try {
      for (String line : Files.readAllLines(file)) {
        Matcher m = PAUSE.matcher(line);
        if (m.find()) {
          double ms = Double.parseDouble(m.group(1));
          count++;
          total += ms;
          max = Math.max(max, ms);
        }
      }
    } catch (IOException | RuntimeException e) {
      return Pauses.NONE;
    }
    return new Pauses(count, total, max);
  }
}
