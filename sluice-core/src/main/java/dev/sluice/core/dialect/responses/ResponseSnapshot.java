package dev.sluice.core.dialect.responses;

import dev.sluice.core.canonical.FinishReason;
import dev.sluice.core.model.Usage;
import java.util.List;

/**
 * A response object's state at one moment: what {@link ResponseObjectWriter} writes as the body of a
 * non-streamed answer and inside {@code response.created}, {@code .completed}, {@code .incomplete} and
 * {@code .failed}.
 *
 * @param status {@code in_progress | completed | incomplete | failed}
 * @param incompleteReason {@code max_output_tokens | content_filter} when incomplete, else null
 * @param errorCode with {@code errorMessage}, the {@code error} object of a failed response, else null
 * @param usage null until known (written as {@code "usage": null})
 */
record ResponseSnapshot(String id, long createdAt, String status, String incompleteReason, String errorCode,
    String errorMessage, List<OutputItem> output, Usage usage) {

  static final String IN_PROGRESS = "in_progress";
  static final String COMPLETED = "completed";
  static final String INCOMPLETE = "incomplete";
  static final String FAILED = "failed";

  ResponseSnapshot {
    output = List.copyOf(output);
  }

  /** The first snapshot of a stream: nothing produced yet. */
  static ResponseSnapshot inProgress(String id, long createdAt) {
    return new ResponseSnapshot(id, createdAt, IN_PROGRESS, null, null, null, List.of(), null);
  }

  /** The finished answer, its status decided by why it stopped. */
  static ResponseSnapshot finished(String id, long createdAt, FinishReason reason, List<OutputItem> output,
      Usage usage) {
    if (reason == null) {
      return new ResponseSnapshot(id, createdAt, COMPLETED, null, null, null, output, usage);
    }
    return switch (reason) {
      case STOP, STOP_SEQUENCE, TOOL_CALLS, OTHER ->
          new ResponseSnapshot(id, createdAt, COMPLETED, null, null, null, output, usage);
      case LENGTH -> new ResponseSnapshot(id, createdAt, INCOMPLETE, "max_output_tokens", null, null, output, usage);
      case CONTENT_FILTER -> new ResponseSnapshot(id, createdAt, INCOMPLETE, "content_filter", null, null, output,
          usage);
      case ERROR -> new ResponseSnapshot(id, createdAt, FAILED, null, "server_error",
          "The model's provider stopped the answer with an error.", output, usage);
    };
  }

  static ResponseSnapshot failed(String id, long createdAt, String code, String message, List<OutputItem> output,
      Usage usage) {
    return new ResponseSnapshot(id, createdAt, FAILED, null, code, message, output, usage);
  }

  /** The stream event that ends a stream in this state: {@code response.completed}, {@code .incomplete} or {@code .failed}. */
  String terminalEvent() {
    return switch (status) {
      case INCOMPLETE -> "response.incomplete";
      case FAILED -> "response.failed";
      default -> "response.completed";
    };
  }
}
