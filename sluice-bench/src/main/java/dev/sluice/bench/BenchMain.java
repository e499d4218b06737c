package dev.sluice.bench;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The project's benchmark (issue 7): the same scenarios sent straight to a fake OpenAI upstream, through an nginx
 * hop (the floor, where nginx is installed) and through the gateway, in one run on one machine; the report shows
 * each and what the hop adds. The fake, nginx and the gateway run as separate processes, so the gateway's CPU,
 * RSS and GC pauses are its own.
 *
 * <pre>
 * ./sluice bench [--scenario a,b,c,d,e,f] [--quick] [--write] [--no-nginx] [--in-process]
 *                [--server-jar PATH] [--gateway-jvm-opt OPT]... [--keep]
 * </pre>
 */
public final class BenchMain {
  private BenchMain() {}

  static final String USAGE = """
      usage: ./sluice bench [options]
        --scenario a,b,c,d,e,f  which scenarios (default: all)
                                a serial c=1 non-stream; b c=32 non-stream, 0 and 50 ms upstream;
                                c open-loop rate sweep to added p99 < 5 ms; d streams, c=32 and c=128;
                                e 1,000 streams held (gateway RSS, CPU);
                                f translation (OpenAI client -> Anthropic fake) next to passthrough
        --quick                 short durations: everything in about a minute
        --write                 append a dated section to BENCHMARKS.md
        --no-nginx              skip the nginx floor even if /usr/sbin/nginx exists
        --in-process            fake and gateway inside this JVM (no per-process CPU/RSS/GC; for debugging)
        --server-jar PATH       gateway jar (default sluice-server/target/sluice-server.jar)
        --gateway-jvm-opt OPT   extra JVM option for the gateway process (repeatable)
        --keep                  keep the temp dir (configs, logs, gc.log)
        --soak [--minutes N] [--rate R] [--write]
                                instead of the benchmark: the soak (a steady mix with faults for N minutes;
                                leaks, error growth, ledger completeness; --write adds it to docs/reliability.md)
      """;

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--soak")) {
      dev.sluice.bench.soak.SoakMain.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    List<String> scenarios = Scenarios.allScenarios();
    boolean quick = false;
    boolean write = false;
    boolean nginx = true;
    boolean inProcess = false;
    boolean keep = false;
    Path serverJar = Path.of("sluice-server/target/sluice-server.jar");
    List<String> jvmOpts = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--scenario", "--scenarios" -> scenarios = Arrays.stream(args[++i].split(",")).map(String::trim)
            .filter(s -> !s.isEmpty()).toList();
        case "--quick" -> quick = true;
        case "--write" -> write = true;
        case "--no-nginx" -> nginx = false;
        case "--in-process" -> inProcess = true;
        case "--keep" -> keep = true;
        case "--server-jar" -> serverJar = Path.of(args[++i]);
        case "--gateway-jvm-opt" -> jvmOpts.add(args[++i]);
        default -> {
          if (BenchCli.helpOrUnknownOption(args[i], USAGE)) {
            return;
          }
        }
      }
    }
    for (String s : scenarios) {
      if (!Scenarios.allScenarios().contains(s)) {
        System.err.print("unknown scenario " + s + "\n" + USAGE);
        System.exit(2);
      }
    }
    Plan plan = quick ? Plan.quick() : Plan.full();
    String report;
    Stack stack = inProcess ? Stack.inProcess(plan.models())
        : Stack.processes(serverJar, plan.models(), nginx, jvmOpts);
    try {
      report = run(stack, plan, scenarios);
    } finally {
      stack.close();
      if (keep) {
        System.err.println("bench: kept " + stack.dir);
      } else {
        deleteTree(stack.dir);
      }
    }
    String header = header(args, quick);
    System.out.println(header + report);
    if (write) {
      Path md = Path.of("BENCHMARKS.md");
      Files.writeString(md, "\n" + header + report, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      System.err.println("bench: appended to " + md.toAbsolutePath());
    }
    System.exit(0);
  }

  /** Runs the chosen scenarios against a started stack and returns the markdown report body. */
  static String run(Stack stack, Plan plan, List<String> scenarios) {
    Vertx vertx = Vertx.vertx();
    try (LoadGen gen = new LoadGen(vertx)) {
      Scenarios s = new Scenarios(stack, gen, plan);
      return run(s, scenarios);
    } finally {
      vertx.close().await();
    }
  }

  static String run(Scenarios s, List<String> scenarios) {
    s.warmUp();
    for (String name : scenarios) {
      switch (name) {
        case "a" -> s.a();
        case "b" -> s.b();
        case "c" -> s.c();
        case "d" -> s.d();
        case "e" -> s.e();
        case "f" -> s.f();
        default -> throw new IllegalArgumentException(name);
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("Floor: nginx ").append(s.stack.nginx != null ? "present (" + nginxVersion() + ")"
        : s.stack.nginxNote).append(".\n\n");
    s.sections.forEach((title, table) -> out.append("### ").append(title).append("\n\n").append(table).append('\n'));
    out.append("### Gateway process\n\n").append(s.gatewayProcess()).append('\n');
    out.append("### Targets\n\n").append(s.targets());
    return out.toString();
  }

  private static String header(String[] args, boolean quick) {
    Runtime rt = Runtime.getRuntime();
    return "## " + LocalDate.now() + ", `./sluice bench" + (args.length == 0 ? "" : " " + String.join(" ", args))
        + "`" + (quick ? " (quick: short runs, noisy)" : "") + "\n\n"
        + "- Machine: " + rt.availableProcessors() + " CPUs (nproc), " + memTotal() + " memory, "
        + System.getProperty("os.name") + " " + System.getProperty("os.version") + "\n"
        + "- JDK: " + System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
        + System.getProperty("java.runtime.version") + " (load generator, fake and gateway)\n"
        + "- Gateway JVM flags (as `./sluice serve`): `" + String.join(" ", Stack.servingDefaults()) + "`"
        + " plus the class-data-sharing archive\n"
        + "- Load generator: Vert.x HTTP/1.1 client in its own JVM, keep-alive, pool sized to the concurrency; "
        + "fake upstream, nginx and gateway are separate processes on the same machine; CPU per request is "
        + "utime+stime of that hop's process from /proc over the run, divided by completed requests.\n\n";
  }

  private static String memTotal() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
      return lines.filter(l -> l.startsWith("MemTotal:")).findFirst()
          .map(l -> Md.mib(Long.parseLong(l.replaceAll("[^0-9]", "")))).orElse("?");
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  private static String nginxVersion() {
    try {
      Process p = new ProcessBuilder(Stack.NGINX.toString(), "-v").redirectErrorStream(true).start();
      String v = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor();
      return v.replace("nginx version: ", "");
    } catch (IOException e) {
      return "?";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort
    }
  }
}
