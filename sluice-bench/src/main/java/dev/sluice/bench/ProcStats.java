package dev.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** CPU time and resident memory of a process (and its descendants, e.g. nginx workers) from /proc. */
final class ProcStats {
  private ProcStats() {}

  private static final long CLK_TCK = clockTicks();

  /** utime+stime in seconds of pid and all its live descendants; NaN when unreadable. */
  static double cpuSeconds(long pid) {
    if (pid <= 0) {
      return Double.NaN;
    }
    long ticks = 0;
    boolean any = false;
    for (long p : withDescendants(pid)) {
      long t = ticks(p);
      if (t >= 0) {
        ticks += t;
        any = true;
      }
    }
    return any ? (double) ticks / CLK_TCK : Double.NaN;
  }

  /** VmRSS in KiB of pid plus its live descendants; -1 when unreadable. */
  static long rssKib(long pid) {
    return statusSum(pid, "VmRSS:");
  }

  /** VmHWM (peak RSS) in KiB of pid plus its live descendants; -1 when unreadable. */
  static long peakRssKib(long pid) {
    return statusSum(pid, "VmHWM:");
  }

  private static long statusSum(long pid, String field) {
    if (pid <= 0) {
      return -1;
    }
    long sum = 0;
    boolean any = false;
    for (long p : withDescendants(pid)) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/" + p + "/status"))) {
          if (line.startsWith(field)) {
            sum += Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            any = true;
          }
        }
      } catch (IOException | RuntimeException e) {
        // gone or not Linux
      }
    }
    return any ? sum : -1;
  }

  private static List<Long> withDescendants(long pid) {
    List<Long> pids = new ArrayList<>();
    pids.add(pid);
    ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
    return pids;
  }

  private static long ticks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // The command name (field 2) is in parentheses and may hold spaces: split after the last ')'.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
      // f[0] is field 3 (state); utime is field 14, stime field 15.
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor();
      return Long.parseLong(out);
    } catch (IOException | RuntimeException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
