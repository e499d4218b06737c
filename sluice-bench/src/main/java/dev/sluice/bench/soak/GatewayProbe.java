package dev.sluice.bench.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads the gateway process's vital signs from /proc (Linux): resident memory and thread count from
 * {@code /proc/<pid>/status}, open file descriptors from {@code /proc/<pid>/fd} (a leaked socket shows here), and
 * the established TCP connections to the fake providers' ports from {@code /proc/net/tcp[6]} (a leaked upstream
 * connection shows here even if the pool still counts it as idle). -1 when unreadable.
 */
final class GatewayProbe {
  private final long pid;
  private final Set<Integer> upstreamPorts;

  GatewayProbe(long pid, List<Integer> upstreamPorts) {
    this.pid = pid;
    this.upstreamPorts = Set.copyOf(upstreamPorts);
  }

  long rssKib() {
    return statusField("VmRSS:");
  }

  long threads() {
    return statusField("Threads:");
  }

  /**
   * Thread names (from {@code /proc/<pid>/task/<tid>/comm}, digits dropped so pools group) with their counts: when
   * the thread count moves, this says which pool moved.
   */
  Map<String, Integer> threadNames() {
    Map<String, Integer> names = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      tasks.forEach(t -> {
        try {
          names.merge(Files.readString(t.resolve("comm")).trim().replaceAll("[0-9]+", "#"), 1, Integer::sum);
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      });
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
    return names;
  }

  long openFds() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
      return fds.count();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * Established connections whose remote port is one of the fakes': the gateway's side of each upstream connection
   * (the fakes only ever accept the gateway, and the fakes' own sides have the port as the local one).
   */
  long upstreamConnections() {
    long n = 0;
    boolean any = false;
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      try {
        for (String line : Files.readAllLines(Path.of(table))) {
          String[] f = line.trim().split("\\s+");
          // sl local_address rem_address st ...; addresses are HEXIP:HEXPORT; st 01 = ESTABLISHED
          if (f.length < 4 || !f[3].equals("01")) {
            continue;
          }
          int remotePort = Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16);
          if (upstreamPorts.contains(remotePort)) {
            n++;
          }
        }
        any = true;
      } catch (IOException | RuntimeException e) {
        // no such table (no IPv6) or not Linux
      }
    }
    return any ? n : -1;
  }

  private long statusField(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone or not Linux
    }
    return -1;
  }
}
