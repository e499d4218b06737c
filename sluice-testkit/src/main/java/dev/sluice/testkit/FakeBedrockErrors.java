package dev.sluice.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Bedrock error answers: a body {@code {"message": ...}} (a copy of {@code bedrock/error-validation.json} with its
 * message replaced) and the error's type in the {@code x-amzn-errortype} header, as the runtime API sends them
 * (API_runtime_Converse "Errors"). Messages are AWS's own words where we know them.
 *
 * @param status HTTP status
 * @param type the {@code x-amzn-errortype} value, e.g. {@code ThrottlingException}
 * @param body {@code {"message": ...}} (AWS's authentication front end spells it {@code Message})
 */
record FakeBedrockErrors(int status, String type, ObjectNode body) {
  static final String INVALID_SIGNATURE = "The request signature we calculated does not match the signature you"
      + " provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for"
      + " details.";

  static FakeBedrockErrors of(int status, String type, String message) {
    ObjectNode body = WireFixtures.json("bedrock/error-validation.json");
    body.put("message", message);
    return new FakeBedrockErrors(status, type, body);
  }

  /** The answer for an {@code error-<status>} knob, a flaky failure or a {@code failNext}. */
  static FakeBedrockErrors forStatus(int status, String model) {
    return switch (status) {
      case 400 -> new FakeBedrockErrors(400, "ValidationException", WireFixtures.json("bedrock/error-validation.json"));
      case 403 -> of(403, "AccessDeniedException", "You don't have access to the model with the specified model ID.");
      case 404 -> of(404, "ResourceNotFoundException", "Could not resolve the foundation model from the provided"
          + " model identifier.");
      case 408 -> of(408, "ModelTimeoutException", "Model has timed out in processing the request. Try your request"
          + " again.");
      case 424 -> of(424, "ModelErrorException", "The model encountered an error processing the request.");
      case 429 -> of(429, "ThrottlingException", "Too many requests, please wait before trying again.");
      case 500 -> of(500, "InternalServerException", "The server encountered an internal error while processing the"
          + " request.");
      case 503 -> of(503, "ServiceUnavailableException", "Bedrock is unable to process your request.");
      default -> status >= 500
          ? of(status, "InternalServerException", "Fake error " + status + " requested by the model id `" + model + "`.")
          : of(status, "ValidationException", "Fake error " + status + " requested by the model id `" + model + "`.");
    };
  }

  /** The {@code context-length} knob: Bedrock's words for a prompt over the model's window. */
  static FakeBedrockErrors contextLength() {
    return of(400, "ValidationException", "Input is too long for requested model.");
  }

  static FakeBedrockErrors validation(String message) {
    return of(400, "ValidationException", message);
  }

  static FakeBedrockErrors missingAuthentication() {
    return of(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
  }

  /** An access key id (or session token) the fake does not know. */
  static FakeBedrockErrors unrecognizedClient() {
    return of(403, "UnrecognizedClientException", "The security token included in the request is invalid.");
  }

  static FakeBedrockErrors incompleteSignature(String message) {
    return of(403, "IncompleteSignatureException", message);
  }

  static FakeBedrockErrors invalidSignature(String message) {
    return of(403, "InvalidSignatureException", message);
  }

  /**
   * A wrong Bedrock API key: the front end that checks bearer tokens answers with {@code Message}, capitalised
   * (as seen in client bug reports); the error type header is our guess.
   */
  static FakeBedrockErrors invalidApiKey() {
    ObjectNode body = WireFixtures.JSON.createObjectNode()
        .put("Message", "Authentication failed: Please make sure your API Key is valid.");
    return new FakeBedrockErrors(403, "AccessDeniedException", body);
  }

  /** The exception frame payload of {@code inband-error} / {@code midstream-error-<k>}. */
  static ObjectNode streamException() {
    ObjectNode body = WireFixtures.json("bedrock/error-validation.json");
    return body.put("message", "The model encountered an error while streaming its response. Try your request"
        + " again.").put("originalStatusCode", 500);
  }
}
