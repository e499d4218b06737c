package dev.sluice.core.dialect.openai;

import static dev.sluice.core.dialect.openai.InvalidParams.invalidType;

import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The {@code model} member of a request body: its value and where its JSON string sits in the client's
 * bytes, so the passthrough can swap in the provider's model name without re-encoding the body.
 */
record ModelField(String name, int start, int end) {

  static ModelField read(RequestWalker w, JsonToken v) throws IOException {
    if (v != JsonToken.VALUE_STRING) {
      throw invalidType("model", "a string", v);
    }
    int start = w.tokenStart();
    String name = w.text();
    return new ModelField(name, start, w.scalarEnd());
  }

  /** The edit that renames the model, or null when the provider's name is the caller's. */
  BodySplice.Edit renameTo(String upstreamModel) {
    return upstreamModel.equals(name) ? null : new BodySplice.Edit(start, end, OpenAiJson.quoted(upstreamModel));
  }
}
