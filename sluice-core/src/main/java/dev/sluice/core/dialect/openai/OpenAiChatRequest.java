package dev.sluice.core.dialect.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.error.GatewayException;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A validated {@code POST /v1/chat/completions} body, kept as the client's bytes for the passthrough.
 *
 * <p>{@link #parse} checks only what the gateway relies on or what would otherwise reach the provider as an
 * obvious mistake (model, messages and their roles and content types, stream flags, token and choice limits,
 * tools' shape) and rejects it with OpenAI's own wording and {@code param}. Everything else, including fields
 * OpenAI adds tomorrow, is the provider's business and passes untouched.
 *
 * <p>{@link #toUpstreamBody} edits the original bytes in place (the model value; {@code include_usage} when
 * streaming), so keys keep their order and numbers their spelling: the provider sees what the client sent.
 *
 * <p>Immutable apart from the lazily built {@link #body()} tree; safe to share once parsed.
 */
public final class OpenAiChatRequest {
  static final List<String> ROLES = List.of("system", "developer", "user", "assistant", "tool", "function");
  /** OpenAI caps {@code n} at 128. */
  static final int MAX_N = 128;
  /** Above every model's output limit today (~128 k) with room to grow; stops absurd budget reservations. */
  static final long MAX_OUTPUT_TOKENS = 10_000_000;

  private final byte[] raw;
  private final ModelField model;
  private final boolean stream;
  private final boolean includeUsage;
  private final boolean hasTools;
  private final OptionalLong maxOutputTokens;
  private final BodySplice.Edit usageEdit; // forces include_usage; null when not streaming or already true
  private ObjectNode tree;

  private OpenAiChatRequest(byte[] raw, OpenAiChatRequestReader.Fields f) {
    this.raw = raw;
    this.model = f.model;
    this.stream = f.stream;
    this.includeUsage = f.includeUsage;
    this.hasTools = f.toolCount > 0;
    this.maxOutputTokens = f.maxCompletionTokens >= 0 ? OptionalLong.of(f.maxCompletionTokens)
        : f.maxTokens >= 0 ? OptionalLong.of(f.maxTokens) : OptionalLong.empty();
    this.usageEdit = f.stream ? f.includeUsageEdit() : null;
  }

  /**
   * Validates a body. The array is kept, not copied: the caller must not change it afterwards.
   *
   * @throws GatewayException {@code INVALID_REQUEST} with OpenAI's message, code and {@code param}
   */
  public static OpenAiChatRequest parse(byte[] body) {
    Objects.requireNonNull(body, "body");
    return new OpenAiChatRequest(body, OpenAiChatRequestReader.read(body));
  }

  /** The model the client asked for (an alias or {@code provider/model}, resolved by the router). */
  public String model() {
    return model.name();
  }

  public boolean stream() {
    return stream;
  }

  /** The client's own {@code stream_options.include_usage}: whether it wants the usage chunk forwarded. */
  public boolean includeUsage() {
    return includeUsage;
  }

  /** True when {@code tools} is a non-empty array. */
  public boolean hasTools() {
    return hasTools;
  }

  /** {@code max_completion_tokens}, else the older {@code max_tokens}, when the client set one. */
  public OptionalLong maxOutputTokens() {
    return maxOutputTokens;
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
   * The client's bytes with only the passthrough's edits: {@code model} set to {@code upstreamModel}, and,
   * when streaming, {@code stream_options.include_usage} forced to true (other {@code stream_options}
   * fields kept) so the gateway always learns the usage; {@link OpenAiStreamRelay} hides it again from a
   * client that did not ask. Returns the original array when nothing changes; do not modify the result.
   */
  public byte[] toUpstreamBody(String upstreamModel) {
    Objects.requireNonNull(upstreamModel, "upstreamModel");
    BodySplice.Edit modelEdit = model.renameTo(upstreamModel);
    if (modelEdit == null) {
      return usageEdit == null ? raw : BodySplice.apply(raw, usageEdit);
    }
    return usageEdit == null ? BodySplice.apply(raw, modelEdit) : BodySplice.apply(raw, modelEdit, usageEdit);
  }
}
