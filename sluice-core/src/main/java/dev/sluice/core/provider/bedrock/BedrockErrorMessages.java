package dev.sluice.core.provider.bedrock;

/**
 * The human message of a Bedrock error body, {@code {"message": "..."}} (some AWS front ends spell it
 * {@code Message}). The error's type is in the {@code x-amzn-errortype} header, which a codec does not see.
 */
final class BedrockErrorMessages {
  private static final int MAX_MESSAGE = 1000;
  /**
   * AWS's InvalidSignatureException goes on with "The Canonical String for this request should have been ...":
   * the canonical request, whose signed headers may include the session token. Everything from there is cut.
   */
  private static final String CANONICAL_STRING = "The Canonical String for this request";

  private BedrockErrorMessages() {}

  static String message(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    String message = BedrockStreamDecoder.message(body);
    if (message == null) {
      return null;
    }
    int canonical = message.indexOf(CANONICAL_STRING);
    if (canonical >= 0) {
      message = message.substring(0, canonical).strip();
    }
    return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "...";
  }
}
