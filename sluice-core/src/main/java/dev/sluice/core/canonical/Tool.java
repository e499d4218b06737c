package dev.sluice.core.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** A function the model may call. {@code parameters} is a JSON Schema object (may be null: no parameters). */
public record Tool(String name, String description, JsonNode parameters) {
  public Tool {
    Objects.requireNonNull(name, "name");
  }
}
