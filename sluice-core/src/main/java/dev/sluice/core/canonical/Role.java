package dev.sluice.core.canonical;

/** Who said a message. Tool results are {@link #TOOL} messages (OpenAI) or user parts (Anthropic); both map here. */
public enum Role {
  SYSTEM,
  USER,
  ASSISTANT,
  TOOL
}
