package dev.sluice.bench.jmh;

import dev.sluice.core.dialect.openai.OpenAiChatRequest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link OpenAiChatRequest#parse} (the one validating pass over the client's bytes) and
 * {@link OpenAiChatRequest#toUpstreamBody} (the byte splice that renames the model, forces
 * {@code include_usage} and cuts the routing members), on three bodies:
 * <ul>
 *   <li>{@code 1k}: a streamed chat of four messages (system, user, assistant, user), ~1 KB; the splice
 *       renames the model and inserts {@code stream_options.include_usage}.
 *   <li>{@code 16k}: a non-streamed agent turn, ~16 KB: two tools, a long conversation with tool calls and
 *       tool results; the splice renames the model only.
 *   <li>{@code 1k-routing}: {@code 1k} plus OpenRouter's {@code models}, {@code route} and {@code provider}
 *       members, which are read into routing input and cut out of the upstream body.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class OpenAiChatRequestBench {
  static final String UPSTREAM_MODEL = "gpt-4o-mini-2024-07-18";

  @Param({"1k", "16k", "1k-routing"})
  public String body;

  private byte[] bytes;
  private OpenAiChatRequest parsed;

  @Setup
  public void setUp() {
    String json = switch (body) {
      case "1k" -> chat1k("");
      case "16k" -> agent16k();
      case "1k-routing" -> chat1k(",\"models\":[\"chat-backup\",\"openai/gpt-4o\"],\"route\":\"fallback\","
          + "\"provider\":{\"order\":[\"openai\",\"azure\"],\"allow_fallbacks\":true,\"require_parameters\":true,"
          + "\"max_price\":{\"prompt\":5,\"completion\":15},\"data_collection\":\"deny\"}");
      default -> throw new IllegalArgumentException(body);
    };
    bytes = json.getBytes(StandardCharsets.UTF_8);
    parsed = OpenAiChatRequest.parse(bytes);
    byte[] upstream = parsed.toUpstreamBody(UPSTREAM_MODEL);
    String out = new String(upstream, StandardCharsets.UTF_8);
    if (upstream == bytes || !out.contains(UPSTREAM_MODEL) || out.contains("\"models\"")
        || out.contains("\"provider\"")) {
      throw new IllegalStateException("unexpected upstream body for " + body + ": " + out);
    }
  }

  @Benchmark
  public OpenAiChatRequest parse() {
    return OpenAiChatRequest.parse(bytes);
  }

  @Benchmark
  public byte[] toUpstreamBody() {
    return parsed.toUpstreamBody(UPSTREAM_MODEL);
  }

  @Benchmark
  public byte[] parseAndToUpstreamBody() {
    return OpenAiChatRequest.parse(bytes).toUpstreamBody(UPSTREAM_MODEL);
  }

  /** Four messages, streamed, a few sampling settings: what a chat UI sends. {@code extra} is spliced in. */
  static String chat1k(String extra) {
    return "{\"model\":\"chat-default\",\"messages\":["
        + "{\"role\":\"system\",\"content\":\"You are a concise assistant for a software team. Answer in plain "
        + "English, prefer short paragraphs, and show code only when it helps. If you are unsure, say so.\"},"
        + "{\"role\":\"user\",\"content\":\"Our Java service keeps a Caffeine cache of API keys in front of "
        + "SQLite. After a key is revoked, how quickly does the cache forget it, and what should we set?\"},"
        + "{\"role\":\"assistant\",\"content\":\"It forgets it when the entry expires or is invalidated. Use "
        + "expireAfterWrite for a hard upper bound (say 30 seconds) and call invalidate(key) from the revoke "
        + "path so the common case is immediate; the expiry only covers other nodes.\"},"
        + "{\"role\":\"user\",\"content\":\"We run three nodes behind a load balancer. Is 30 seconds of "
        + "staleness acceptable for a revoked key, or should we broadcast invalidations? Keep it short, "
        + "and list the trade-offs.\"}]"
        + ",\"temperature\":0.7,\"top_p\":1,\"max_completion_tokens\":512,\"stream\":true,"
        + "\"user\":\"u-4821\"" + extra + "}";
  }

  /** An agent loop's later turn: tools, tool calls and results, ~16 KB. */
  static String agent16k() {
    StringBuilder s = new StringBuilder(17 * 1024);
    s.append("{\"model\":\"chat-default\",\"messages\":[")
        .append("{\"role\":\"system\",\"content\":\"You are a coding agent. Use the tools to read and search ")
        .append("the repository before answering. Quote file paths exactly.\"},")
        .append("{\"role\":\"user\",\"content\":\"Find why the gateway drops the usage chunk for some clients.\"}");
    int turn = 0;
    while (s.length() < 15 * 1024) {
      String id = "call_" + Integer.toString(100_000 + turn * 7919, 36) + "Xq9";
      s.append(",{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"").append(id)
          .append("\",\"type\":\"function\",\"function\":{\"name\":\"read_file\",\"arguments\":")
          .append("\"{\\\"path\\\":\\\"sluice-core/src/main/java/dev/sluice/core/dialect/openai/File")
          .append(turn).append(".java\\\",\\\"from\\\":1,\\\"to\\\":80}\"}}]}")
          .append(",{\"role\":\"tool\",\"tool_call_id\":\"").append(id).append("\",\"content\":\"");
      for (int line = 0; line < 8; line++) {
        s.append("    if (ChunkScan.hasValueStartingWith(data, \\\"\\\\\\\"usage\\\\\\\"\\\", '{')) {")
            .append(" return onUsage(e); } // line ").append(line).append("\\n");
      }
      s.append("\"}");
      turn++;
    }
    s.append(",{\"role\":\"assistant\",\"content\":\"The relay drops the usage-only chunk when the client did ")
        .append("not set include_usage; that is intended.\"},")
        .append("{\"role\":\"user\",\"content\":\"Then write a test that pins it.\"}]")
        .append(",\"tools\":[")
        .append("{\"type\":\"function\",\"function\":{\"name\":\"read_file\",\"description\":\"Read lines of a ")
        .append("file in the repository.\",\"parameters\":{\"type\":\"object\",\"properties\":{\"path\":")
        .append("{\"type\":\"string\"},\"from\":{\"type\":\"integer\"},\"to\":{\"type\":\"integer\"}},")
        .append("\"required\":[\"path\"],\"additionalProperties\":false},\"strict\":true}},")
        .append("{\"type\":\"function\",\"function\":{\"name\":\"search\",\"description\":\"Search the ")
        .append("repository for a regular expression.\",\"parameters\":{\"type\":\"object\",\"properties\":")
        .append("{\"pattern\":{\"type\":\"string\"},\"glob\":{\"type\":\"string\"}},\"required\":[\"pattern\"],")
        .append("\"additionalProperties\":false},\"strict\":true}}]")
        .append(",\"tool_choice\":\"auto\",\"parallel_tool_calls\":true,\"temperature\":0,")
        .append("\"max_completion_tokens\":4096}");
    return s.toString();
  }
}
