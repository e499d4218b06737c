package dev.sluice.core.dialect.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.error.GatewayException;
import dev.sluice.core.route.ProviderPreferences;
import dev.sluice.core.route.RequestNeeds;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A validated {@code POST /v1/chat/completions} body, kept as the client's bytes for the passthrough.
 *
 * <p>{@link #parse} checks only what the gateway relies on or what would otherwise reach the provider as an
 * obvious mistake (model, messages and their roles and content types, stream flags, token and choice limits,
 * tools' shape) and rejects it with OpenAI's own wording and {@code param}. Everything else, including fields
 * OpenAI adds tomorrow, is the provider's business and passes untouched. The same pass reads OpenRouter's
 * routing members ({@code models}, {@code route}, {@code provider}: {@link RoutingMembers}) and measures
 * what {@link #needs()} reports.
 *
 * <p>{@link #toUpstreamBody} edits the original bytes in place (the model value; {@code include_usage} when
 * streaming; the routing members cut out), so keys keep their order and numbers their spelling: the provider
 * sees what the client sent.
 *
 * <p>Immutable apart from the lazily built {@link #body()} tree; safe to share once parsed.
 */
public final class OpenAiChatRequest {
  static final List<String> ROLES = List.of("system", "developer", "user", "assistant", "tool", "function");
  /** OpenAI caps {@code n} at 128. */
  static final int MAX_N = 128;
  /** Above every model's output limit today (~128 k) with room to grow; stops absurd budget reservations. */
  static final long MAX_OUTPUT_TOKENS = 10_000_000;
  /**
   * The prompt estimate's constants, after OpenAI's cookbook ("How to count tokens with tiktoken"): about 4
   * bytes of English per token; 3 tokens of framing per message, plus 1 for a name, rounded up here to 4
   * for every message; 3 priming the reply.
   */
  static final int BYTES_PER_TOKEN = 4;
  static final int TOKENS_PER_MESSAGE = 4;
  static final int TOKENS_PER_REPLY = 3;

  private static final BodySplice.Edit[] NO_EDITS = {};
  private static final byte[] CONTINUATION_START =
      ",{\"role\":\"assistant\",\"content\":".getBytes(StandardCharsets.US_ASCII);

  private final byte[] raw;
  private final ModelField model;
  private final boolean stream;
  private final boolean includeUsage;
  private final OptionalLong maxOutputTokens;
  private final BodySplice.Edit usageEdit; // forces include_usage; null when not streaming or already true
  private final BodySplice.Edit[] removals; // cut the routing members; empty when there are none
  private final int messagesEnd;
  private final List<String> fallbackModels;
  private final ProviderPreferences preferences;
  private final RequestNeeds needs;
  private final boolean usageInclude;
  private final Long maxCostNanos;
  private final java.util.Map<String, String> metadata;
  private final String user;
  private ObjectNode tree;

  private OpenAiChatRequest(byte[] raw, OpenAiChatRequestReader.Fields f) {
    this.raw = raw;
    this.model = f.model;
    this.stream = f.stream;
    this.includeUsage = f.includeUsage;
    this.maxOutputTokens = f.maxCompletionTokens >= 0 ? OptionalLong.of(f.maxCompletionTokens)
        : f.maxTokens >= 0 ? OptionalLong.of(f.maxTokens) : OptionalLong.empty();
    this.usageEdit = f.stream ? f.includeUsageEdit() : null;
    this.messagesEnd = f.messagesEnd;
    this.metadata = f.metadata;
    this.user = f.user;
    if (f.routing == null) {
      this.removals = NO_EDITS;
      this.fallbackModels = List.of();
      this.preferences = ProviderPreferences.NONE;
      this.usageInclude = false;
      this.maxCostNanos = null;
    } else {
      this.removals = f.routing.removals(raw);
      this.fallbackModels = f.routing.fallbackModels(f.model.name());
      this.preferences = f.routing.preferences();
      this.usageInclude = f.routing.usageInclude();
      this.maxCostNanos = f.routing.maxCostNanos();
    }
    long promptTokens = Math.ceilDiv(f.textBytes + f.toolsBytes, BYTES_PER_TOKEN)
        + (long) TOKENS_PER_MESSAGE * f.messageCount + TOKENS_PER_REPLY;
    this.needs = new RequestNeeds(f.toolCount > 0 || f.functionCount > 0, f.jsonSchema, f.images, promptTokens,
        maxOutputTokens.orElse(0));
  }

  /**
   * Validates a body. The array is kept, not copied: the caller must not change it afterwards.
   *
   * @throws GatewayException {@code INVALID_REQUEST} with OpenAI's message, code and {@code param}
   */
  public static OpenAiChatRequest parse(byte[] body) {
    Objects.requireNonNull(body, "body");
    byte[] text = OpenAiJson.checkedText(body); // strict UTF-8, BOM dropped: these are the bytes forwarded
    return new OpenAiChatRequest(text, OpenAiChatRequestReader.read(text));
  }

  /** The model the client asked for (an alias or {@code provider/model}, resolved by the router). */
  public String model() {
    return model.name();
  }

  /**
   * OpenRouter's {@code models}: the models to try, in order, after {@link #model()} fails, without
   * {@code model} itself and without repeats. Empty when the client sent none.
   */
  public List<String> fallbackModels() {
    return fallbackModels;
  }

  /**
   * OpenRouter's usage accounting, {@code "usage": {"include": true}}: the caller wants {@code usage.cost} in
   * the response (and, when streaming, the usage chunk).
   */
  public boolean usageInclude() {
    return usageInclude;
  }

  /** The request's {@code max_cost} in nano-dollars, or null when it set none. */
  public Long maxCostNanos() {
    return maxCostNanos;
  }

  /** OpenAI's {@code metadata} pairs (kept in the upstream body); empty when absent. */
  public java.util.Map<String, String> metadata() {
    return metadata;
  }

  /** OpenAI's {@code user} (the end user's id, kept in the upstream body), or null. */
  public String user() {
    return user;
  }

  /** OpenRouter's {@code provider} object, or {@link ProviderPreferences#NONE}. */
  public ProviderPreferences preferences() {
    return preferences;
  }

  public boolean stream() {
    return stream;
  }

  /** The client's own {@code stream_options.include_usage}: whether it wants the usage chunk forwarded. */
  public boolean includeUsage() {
    return includeUsage;
  }

  /** True when {@code tools}, or the legacy {@code functions}, is a non-empty array. */
  public boolean hasTools() {
    return needs.tools();
  }

  /** True when a message has a content part of type {@code image_url} (or {@code input_image}). */
  public boolean hasImages() {
    return needs.images();
  }

  /** {@code max_completion_tokens}, else the older {@code max_tokens}, when the client set one. */
  public OptionalLong maxOutputTokens() {
    return maxOutputTokens;
  }

  /**
   * What a deployment must offer: tools (or legacy functions), {@code response_format} {@code json_schema},
   * images, and the token counts. {@code promptTokens} is an estimate, not a tokenizer's count:
   * ceil(text bytes / 4) + 4 per message + 3, where text is string content, text parts, message names, tool
   * call names and arguments, plus the {@code tools}/{@code functions} JSON, all measured as written in
   * UTF-8 (an escape counts its backslash, so never less than the decoded text). About right for English
   * prose; CJK text and dense code have fewer bytes per token and come out low. A real tokenizer arrives
   * with cost control.
   */
  public RequestNeeds needs() {
    return needs;
  }

  /**
   * The body as a tree, built on first call (the passthrough never needs it) and cached. Changing it does
   * not change {@link #toUpstreamBody}; callers should treat it as read-only.
   */
  public ObjectNode body() {
    if (tree == null) {
      tree = OpenAiJson.validatedTree(raw);
    }
    return tree;
  }

  /**
   * The messages' text (string content and text parts, one message per line) for the auto router, at most
   * {@code maxChars} long: a longer text keeps its first and last halves, which is where instructions and
   * the question usually are. Builds {@link #body()}.
   */
  public String promptText(int maxChars) {
    if (maxChars < 0) {
      throw new IllegalArgumentException("maxChars < 0: " + maxChars);
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode message : body().get("messages")) {
      JsonNode content = message.get("content");
      if (content == null) {
        continue;
      }
      if (content.isTextual()) {
        appendLine(text, content.textValue());
      } else {
        for (JsonNode part : content) {
          JsonNode partText = part.get("text");
          if (partText != null && partText.isTextual()) {
            appendLine(text, partText.textValue());
          }
        }
      }
    }
    return firstAndLast(text, maxChars);
  }

  /**
   * The client's bytes with only the passthrough's edits: {@code model} set to {@code upstreamModel};
   * when streaming, {@code stream_options.include_usage} forced to true (other {@code stream_options}
   * fields kept) so the gateway always learns the usage ({@link OpenAiStreamRelay} hides it again from a
   * client that did not ask); and the gateway-only {@code models}, {@code route} and {@code provider} cut
   * out with their commas. Returns the original array when nothing changes; do not modify the result.
   */
  public byte[] toUpstreamBody(String upstreamModel) {
    Objects.requireNonNull(upstreamModel, "upstreamModel");
    BodySplice.Edit modelEdit = model.renameTo(upstreamModel);
    if (removals.length == 0) {
      if (modelEdit == null) {
        return usageEdit == null ? raw : BodySplice.apply(raw, usageEdit);
      }
      return usageEdit == null ? BodySplice.apply(raw, modelEdit) : BodySplice.apply(raw, modelEdit, usageEdit);
    }
    return splice(modelEdit, null);
  }

  /**
   * {@link #toUpstreamBody} with {@code {"role":"assistant","content":partialAnswer}} appended to
   * {@code messages}: how a stream that died after bytes reached the client continues on another deployment,
   * which is asked to carry on from the answer so far. Always a new array.
   */
  public byte[] toContinuationBody(String upstreamModel, String partialAnswer) {
    Objects.requireNonNull(upstreamModel, "upstreamModel");
    Objects.requireNonNull(partialAnswer, "partialAnswer");
    byte[] content = OpenAiJson.quoted(partialAnswer);
    byte[] message = new byte[CONTINUATION_START.length + content.length + 1];
    System.arraycopy(CONTINUATION_START, 0, message, 0, CONTINUATION_START.length);
    System.arraycopy(content, 0, message, CONTINUATION_START.length, content.length);
    message[message.length - 1] = '}';
    return splice(model.renameTo(upstreamModel), new BodySplice.Edit(messagesEnd, messagesEnd, message));
  }

  /** All edits for one upstream body; {@code modelEdit} and {@code extra} may be null. */
  private byte[] splice(BodySplice.Edit modelEdit, BodySplice.Edit extra) {
    BodySplice.Edit[] edits = Arrays.copyOf(removals, removals.length + 3);
    int n = removals.length;
    if (modelEdit != null) {
      edits[n++] = modelEdit;
    }
    if (usageEdit != null) {
      edits[n++] = usageEdit;
    }
    if (extra != null) {
      edits[n++] = extra;
    }
    return BodySplice.apply(raw, Arrays.copyOf(edits, n));
  }

  private static void appendLine(StringBuilder text, String line) {
    if (line.isEmpty()) {
      return;
    }
    if (!text.isEmpty()) {
      text.append('\n');
    }
    text.append(line);
  }

  /** {@code text} if it fits, else its first and last halves of {@code maxChars}, never splitting a pair. */
  static String firstAndLast(CharSequence text, int maxChars) {
    if (text.length() <= maxChars) {
      return text.toString();
    }
    int head = maxChars / 2;
    int tailStart = text.length() - (maxChars - head);
    if (head > 0 && Character.isHighSurrogate(text.charAt(head - 1))) {
      head--;
    }
    if (tailStart < text.length() && Character.isLowSurrogate(text.charAt(tailStart))) {
      tailStart++;
    }
    return new StringBuilder(maxChars).append(text, 0, head).append(text, tailStart, text.length()).toString();
  }
}
