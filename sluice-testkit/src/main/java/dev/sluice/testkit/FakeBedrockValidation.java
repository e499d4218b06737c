package dev.sluice.testkit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The checks Converse makes on a request body before any model sees it, with Bedrock's ValidationException
 * wording, so a gateway that maps messages wrongly (two user turns in a row, tool blocks without a toolConfig, a
 * blank text block) fails against the fake as it would against AWS.
 */
final class FakeBedrockValidation {
  private FakeBedrockValidation() {}

  /** The ValidationException message for the first problem found, or null for a valid body. */
  static String problem(JsonNode body) {
    JsonNode messages = body.path("messages");
    if (!messages.isArray() || messages.isEmpty() || !messages.get(0).path("role").asText().equals("user")) {
      return "A conversation must start with a user message. Try again with a conversation that starts with a user"
          + " message.";
    }
    boolean toolBlocks = false;
    String previousRole = null;
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      String role = message.path("role").asText();
      if (!role.equals("user") && !role.equals("assistant")) {
        return "1 validation error detected: Value '" + role + "' at 'messages." + (i + 1) + ".member.role' failed"
            + " to satisfy constraint: Member must satisfy enum value set: [user, assistant]";
      }
      if (role.equals(previousRole)) {
        return "A conversation must alternate between user and assistant roles. Make sure the conversation"
            + " alternates between user and assistant roles and try again.";
      }
      previousRole = role;
      JsonNode content = message.path("content");
      if (!content.isArray() || content.isEmpty()) {
        return "The content field in the Message object at messages." + i + " is empty. Add a ContentBlock object"
            + " to the content field and try again.";
      }
      for (int j = 0; j < content.size(); j++) {
        JsonNode block = content.get(j);
        if (block.has("text") && block.get("text").asText().isBlank()) {
          return "The text field in the ContentBlock object at messages." + i + ".content." + j + " is blank. Add"
              + " text to the text field, and try again.";
        }
        toolBlocks |= block.has("toolUse") || block.has("toolResult");
      }
    }
    if (toolBlocks && !body.path("toolConfig").path("tools").isArray()) {
      return "The toolConfig field must be defined when using toolUse and toolResult content blocks.";
    }
    return null;
  }
}
