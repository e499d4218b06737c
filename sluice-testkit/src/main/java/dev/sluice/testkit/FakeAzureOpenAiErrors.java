package dev.sluice.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Azure OpenAI's error bodies. Azure's own front door answers in its own shape, {@code {"error": {"code",
 * "message"}}} with the code a string ("401", "404", "429", "DeploymentNotFound"); what the model service behind it
 * refuses (a bad body, a context overflow, a 5xx) is relayed in OpenAI's shape, so those come from
 * {@link FakeErrors}. Messages are Azure's own words, so code that matches on them is exercised.
 */
final class FakeAzureOpenAiErrors {
  private FakeAzureOpenAiErrors() {}

  /** 401 for a missing or wrong {@code api-key}: the same words either way (Azure never echoes the key). */
  static ObjectNode accessDenied() {
    return azure("401", "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a"
        + " valid key for an active subscription and use a correct regional API endpoint for your resource.");
  }

  /** 404 for a path Azure does not serve, or a request without a supported {@code api-version}. */
  static ObjectNode resourceNotFound() {
    return azure("404", "Resource not found");
  }

  /** 404 for {@code error-404}: the deployment in the path does not exist. */
  static ObjectNode deploymentNotFound() {
    return azure("DeploymentNotFound", "The API deployment for this resource does not exist. If you created the"
        + " deployment within the last 5 minutes, please wait a moment and try again.");
  }

  /**
   * 429 as Azure words it: the operation, the api-version and the wait are in the message.
   *
   * @param operation {@code ChatCompletions_Create} or {@code Embeddings_Create}
   */
  static ObjectNode rateLimited(String operation, String apiVersion, long retryAfterSeconds) {
    return azure("429", "Requests to the " + operation + " Operation under Azure OpenAI API version " + apiVersion
        + " have exceeded call rate limit of your current OpenAI S0 pricing tier. Please retry after "
        + retryAfterSeconds + (retryAfterSeconds == 1 ? " second" : " seconds") + ". Please go here:"
        + " https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.");
  }

  /**
   * 400 for {@code content-filter}: the prompt tripped the deployment's content filter. OpenAI's shape with
   * Azure's additions: a null {@code type}, {@code status}, and the filter verdict in {@code innererror}.
   */
  static ObjectNode promptFiltered() {
    ObjectNode body = WireFixtures.JSON.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("message", "The response was filtered due to the prompt triggering Azure OpenAI's content management"
            + " policy. Please modify your prompt and retry. To learn more about our content filtering policies please"
            + " read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766")
        .putNull("type")
        .put("param", "prompt")
        .put("code", "content_filter")
        .put("status", 400);
    ObjectNode verdict = FakeAzureOpenAiFilters.safe();
    ((ObjectNode) verdict.get("hate")).put("filtered", true).put("severity", "high");
    error.putObject("innererror").put("code", "ResponsibleAIPolicyViolation").set("content_filter_result", verdict);
    return body;
  }

  /** The body for an {@code error-<status>} knob (429 is {@link #rateLimited}, which needs more than a status). */
  static ObjectNode forStatus(int status, String deployment) {
    return switch (status) {
      case 401 -> accessDenied();
      case 404 -> deploymentNotFound();
      default -> FakeErrors.forStatus(status, deployment);
    };
  }

  private static ObjectNode azure(String code, String message) {
    ObjectNode body = WireFixtures.JSON.createObjectNode();
    body.putObject("error").put("code", code).put("message", message);
    return body;
  }
}
