package dev.sluice.server.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway's route tables as the source declares them, so the security matrices cover every route that
 * exists, including ones added later: the {@code case "..."} labels of {@code GatewayServer.handle}'s switch
 * and the {@code AdminRoutes} registrations in {@code Gateway.start} (a path constant is resolved by
 * reflection). Read from the module's sources: surefire runs with the module as working directory.
 */
final class SourceRoutes {
  private static final Path MAIN = Path.of("src/main/java/dev/sluice/server");

  private SourceRoutes() {}

  /** An admin registration: an exact path, or a prefix under which an id follows. */
  record AdminRoute(String path, boolean prefix) {}

  /** Every {@code case "/..."} label of the front switch, in source order. */
  static List<String> frontSwitchPaths() {
    String file = read(MAIN.resolve("http/GatewayServer.java"));
    // only handle()'s own switch: other switches over paths (e.g. the error dialect of a refused request) route nothing
    int start = file.indexOf("void handle(HttpServerRequest request)");
    if (start < 0) {
      throw new IllegalStateException("GatewayServer.handle(HttpServerRequest) not found: update SourceRoutes");
    }
    String source = file.substring(start, file.indexOf("\n  }\n", start));
    List<String> paths = new ArrayList<>();
    Matcher m = Pattern.compile("case\\s+\"(/[^\"]*)\"\\s*->").matcher(source);
    while (m.find()) {
      paths.add(m.group(1));
    }
    return paths;
  }

  /** Every {@code .exact(path, ...)} and {@code .prefix(path, ...)} of the admin route table. */
  static List<AdminRoute> adminRoutes() {
    String source = read(MAIN.resolve("Gateway.java"));
    List<AdminRoute> routes = new ArrayList<>();
    Matcher m = Pattern.compile("\\.(exact|prefix)\\(\\s*([^,]+?)\\s*,").matcher(source);
    while (m.find()) {
      routes.add(new AdminRoute(resolve(m.group(2), source), m.group(1).equals("prefix")));
    }
    return routes;
  }

  private static String resolve(String expression, String source) {
    if (expression.startsWith("\"")) {
      return expression.substring(1, expression.length() - 1);
    }
    String[] parts = expression.split("\\.");
    Matcher imported = Pattern.compile("import\\s+([\\w.]+\\." + Pattern.quote(parts[0]) + ");").matcher(source);
    if (parts.length != 2 || !imported.find()) {
      throw new IllegalStateException("cannot resolve the admin path expression " + expression);
    }
    try {
      return (String) Class.forName(imported.group(1)).getField(parts[1]).get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot resolve the admin path expression " + expression, e);
    }
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
