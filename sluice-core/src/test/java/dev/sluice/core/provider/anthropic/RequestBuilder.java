package dev.sluice.core.provider.anthropic;

import dev.sluice.core.canonical.ChatRequest;
import dev.sluice.core.canonical.Message;
import dev.sluice.core.canonical.Part;
import dev.sluice.core.canonical.ResponseFormat;
import dev.sluice.core.canonical.Role;
import dev.sluice.core.canonical.Thinking;
import dev.sluice.core.canonical.Tool;
import dev.sluice.core.canonical.ToolChoice;
import java.util.ArrayList;
import java.util.List;

/** Canonical requests for tests: one user message "Hi" unless told otherwise. */
final class RequestBuilder {
  List<Part> system = new ArrayList<>();
  List<Message> messages = new ArrayList<>(List.of(Message.text(Role.USER, "Hi")));
  Integer maxTokens;
  Double temperature;
  Double topP;
  Integer topK;
  List<String> stop = List.of();
  Long seed;
  List<Tool> tools = List.of();
  ToolChoice toolChoice;
  ResponseFormat responseFormat;
  Thinking thinking;
  Boolean parallelToolCalls;
  boolean stream;
  String user;

  RequestBuilder messages(Message... m) {
    messages = new ArrayList<>(List.of(m));
    return this;
  }

  ChatRequest build() {
    return new ChatRequest("caller-model", system, messages, maxTokens, temperature, topP, topK, stop, seed,
        0.5, 0.5, tools, toolChoice, responseFormat, thinking, parallelToolCalls, stream, false, user, null);
  }
}
