package dev.sluice.server.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.stream.SseEvent;
import dev.sluice.core.stream.SseWriter;

/**
 * The event that announces a mid-stream continuation, sent just before {@code [DONE]}: a chunk-shaped
 * object with no choices (clients skip it as they skip the usage chunk) and a {@code sluice} field naming
 * the deployment that broke, the one that finished the answer, and the attempt count.
 */
final class ContinuationTrailer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ContinuationTrailer() {}

  static byte[] event(String from, String to, int attempts) {
    ObjectNode chunk = JSON.createObjectNode().put("object", "chat.completion.chunk");
    chunk.putArray("choices");
    chunk.putObject("sluice").put("continued", true).put("from", from).put("to", to).put("attempts", attempts);
    return SseWriter.encode(SseEvent.ofData(chunk.toString()));
  }
}
