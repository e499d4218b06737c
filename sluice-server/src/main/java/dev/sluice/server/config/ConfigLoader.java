package dev.sluice.server.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads the gateway configuration: YAML file, {@code ${ENV}} expansion, checks, defaults. Every failure is a
 * {@link ConfigException} listing all problems with file, path and fix; nothing here logs or exits, so the
 * CLI decides how to show them ({@code sluice config check} and {@code sluice serve} share this).
 *
 * <p>{@code SLUICE_CONFIG} is resolved by the CLI, which then calls {@link #load} or {@link #defaults}.
 *
 * <p>Each section's keys, defaults and rules are documented on the class that reads it: {@link ServerSection},
 * {@link ProviderSection}, {@link AliasSection} and {@link DeploymentSection} ({@code models:}),
 * {@link RoutingSection}, {@link PreferencesSection} ({@code routing.provider:}) and {@link AutoSection}
 * ({@code routing.auto:}).
 */
public final class ConfigLoader {

  /** {@link SluiceConfig#source()} when no file is given. */
  public static final String DEFAULTS_SOURCE = "built-in defaults";

  // duplicate keys would otherwise silently keep the last value; that hides typos in long files. A key with
  // no value ("routing:") is null, meaning "use the defaults" (the builder, unlike new YAMLFactory(), would
  // make it an empty string and so a wrong type for sections)
  private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
      .build());

  private static final String EXAMPLE = "providers: [{name: openai, preset: openai, api_key: \"${OPENAI_API_KEY}\"}]";

  private ConfigLoader() {}

  /** Loads {@code file} with the process environment. */
  public static SluiceConfig load(Path file) {
    return load(file, System.getenv());
  }

  /** Loads {@code file}, expanding {@code ${ENV}} from {@code env}; throws {@link ConfigException}. */
  public static SluiceConfig load(Path file, Map<String, String> env) {
    String name = file.toString();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw single(name, "file not found",
          "create it, e.g. with the line: " + EXAMPLE + " (or run without --config to use the built-in defaults)");
    } catch (AccessDeniedException e) {
      throw single(name, "cannot be read: permission denied", "make it readable by the user running sluice");
    } catch (MalformedInputException e) {
      throw single(name, "is not UTF-8 text", "save the file as UTF-8");
    } catch (IOException e) {
      String why = Files.isDirectory(file) ? "is a directory, not a file" : "cannot be read (" + e + ")";
      throw single(name, why, "point --config or SLUICE_CONFIG at a readable YAML file");
    }
    return parse(text, name, env);
  }

  /**
   * Checks YAML text as if read from a file named {@code source}; what {@link #load} does after reading.
   * Public for tools and tests that hold the text already.
   */
  public static SluiceConfig parse(String yaml, String source, Map<String, String> env) {
    JsonNode root;
    try {
      // editors on Windows may save a byte-order mark; it is not part of the document
      root = YAML.readTree(yaml.startsWith("\uFEFF") ? yaml.substring(1) : yaml);
    } catch (JsonProcessingException e) {
      throw syntaxError(source, yaml, e);
    }
    Problems problems = new Problems(source);
    return ConfigValidator.validate(source, root, env, List.of(), problems);
  }

  /** The configuration when no file is given, from the process environment. */
  public static SluiceConfig defaults() {
    return defaults(System.getenv());
  }

  /**
   * The configuration when no file is given: default settings plus one provider per hosted preset whose key
   * variable ({@code OPENAI_API_KEY}, {@code GROQ_API_KEY}, ...) is set, in preset order. With none set the
   * provider list is empty and the server adds its demo provider. {@code OPENAI_BASE_URL} moves the openai
   * provider (it does not apply to files, which say what they mean).
   */
  public static SluiceConfig defaults(Map<String, String> env) {
    Problems problems = new Problems(DEFAULTS_SOURCE);
    List<ProviderSettings> providers = EnvProviders.fromEnv(env, problems);
    return ConfigValidator.validate(DEFAULTS_SOURCE, null, env, providers, problems);
  }

  private static ConfigException syntaxError(String source, String text, JsonProcessingException e) {
    String where;
    int line = 0;
    String detail;
    // SnakeYAML knows where the problem is and what it was parsing; Jackson's own location is often the
    // start of the enclosing token instead, and its message is a multi-line excerpt
    if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
      line = yaml.getProblemMark().getLine() + 1;
      where = "line " + line + ", column " + (yaml.getProblemMark().getColumn() + 1);
      detail = yaml.getProblem();
      if (yaml.getContext() != null) {
        detail += " (" + yaml.getContext()
            + (yaml.getContextMark() == null ? "" : " that starts at line " + (yaml.getContextMark().getLine() + 1))
            + ")";
      }
    } else {
      JsonLocation at = e.getLocation();
      line = at == null ? 0 : at.getLineNr();
      where = at == null || at.getLineNr() < 1
          ? ""
          : "line " + at.getLineNr() + (at.getColumnNr() > 0 ? ", column " + at.getColumnNr() : "");
      String original = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
      detail = original.lines().findFirst().orElse(original).strip();
    }
    String message;
    String fix;
    if (detail.startsWith("Duplicate field")) {
      message = detail.replace("Duplicate field", "duplicate key");
      fix = "keep only one of them";
    } else if (detail.contains("(TAB)")) {
      message = "YAML syntax error: a tab character is used for indentation";
      fix = "indent with spaces only";
    } else if (line > 0 && text.lines().skip(line - 1).findFirst().orElse("").contains("${")) {
      // "{ api_key: ${KEY} }": inside { } or [ ] an unquoted ${...} reads as a nested mapping
      message = "YAML syntax error: " + detail;
      fix = "quote ${...} values inside { } or [ ], e.g. { api_key: \"${OPENAI_API_KEY}\" }";
    } else {
      message = "YAML syntax error: " + detail;
      fix = "check indentation and quoting near that line (quote values that contain \": \" or \" #\", or that"
          + " start with { [ * & ! | > % @ `)";
    }
    return new ConfigException(List.of(new ConfigProblem(source, where, message, fix)));
  }

  private static ConfigException single(String file, String message, String fix) {
    return new ConfigException(List.of(new ConfigProblem(file, "", message, fix)));
  }
}
